import { UsageError } from '../errors.js';
import type { StoredAnswers } from '../types/index.js';

/** One model's stored answers, per item. */
export interface ItemColumns {
  /** The mean over the graded samples (a pass rate with one sample); NaN when none was graded. */
  quality: Float64Array;
  /** The sum over the answers (all samples), as a configuration's cost; NaN when there is none. */
  costUsd: Float64Array;
  /** 1 where every sample was answered: not a failed answer (a fail at no cost) nor a replay gap. */
  answered: Uint8Array;
  /** 1 where some sample has an answer, passed, failed or ungraded: not a replay gap nor a missing result. */
  present: Uint8Array;
}

/**
 * Per item, a model's quality is the mean over its graded samples and its
 * cost the sum over its answers: the scale of a configuration's pass rate and
 * cost, so a curve lies in the same plane as the configurations and their
 * anchors whatever --repeat is (a mean cost put every point of a repeat-2
 * curve at half the anchors' cost).
 */
export function itemColumns(stored: StoredAnswers, model: string): ItemColumns {
  const answers = stored.byModel.get(model);
  if (!answers) throw new UsageError(`run ${stored.runId} has no answers of model "${model}" (it needs a configuration { model: ${model} })`);
  const count = stored.items.length;
  const quality = new Float64Array(count);
  const costUsd = new Float64Array(count);
  const answered = new Uint8Array(count);
  const present = new Uint8Array(count);
  for (let itemIndex = 0; itemIndex < count; itemIndex++) {
    let passed = 0;
    let graded = 0;
    let cost = 0;
    let costed = 0;
    let all = 1;
    for (let sample = 0; sample < stored.repeat; sample++) {
      const index = itemIndex * stored.repeat + sample;
      const status = answers.status[index];
      if (status !== undefined) {
        cost += answers.costUsd[index]!;
        costed++;
      }
      if (status !== undefined && status !== 'skipped') present[itemIndex] = 1;
      if (status === 'pass' || status === 'fail') {
        graded++;
        if (status === 'pass') passed++;
      }
      if (status === undefined || status === 'skipped' || answers.unanswered[index] !== null) all = 0;
    }
    quality[itemIndex] = graded === 0 ? Number.NaN : passed / graded;
    costUsd[itemIndex] = costed === 0 ? Number.NaN : cost;
    answered[itemIndex] = all;
  }
  return { quality, costUsd, answered, present };
}
