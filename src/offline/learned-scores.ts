import { UsageError } from '../errors.js';
import { featureInputOf } from '../routing/features.js';
import { crossFittedFailureScores } from '../routing/threshold.js';
import type { RoutingView, StoredAnswers, ThresholdSpec } from '../types/index.js';

/**
 * The cross-fitted risk scores of learned (threshold) routers, trained once
 * per configuration and shared by what needs them in one command: a run's
 * results and its report's curve, a simulation and its report.
 */
export class LearnedScores {
  private readonly scores = new Map<string, Float64Array>();

  /** Per item, the predicted chance that `weak` fails it, each item scored by a model that never saw its label. */
  of(spec: ThresholdSpec, stored: StoredAnswers, views: RoutingView[], runSeed: number): Float64Array {
    const key = JSON.stringify([stored.runId, spec.name, spec.weak, spec.folds, spec.seed ?? runSeed]);
    let scores = this.scores.get(key);
    if (!scores) {
      scores = crossFittedFailureScores(views.map(featureInputOf), weakPassRates(stored, spec.weak), spec.folds, spec.seed ?? runSeed);
      this.scores.set(key, scores);
    }
    return scores;
  }

  /** The same scores, once a run's copy of its source's answers is known to hold them (a simulated run's report). */
  alias(fromRunId: number, toRunId: number): void {
    for (const [key, scores] of [...this.scores]) {
      const [runId, ...rest] = JSON.parse(key) as [number, ...unknown[]];
      if (runId === fromRunId) this.scores.set(JSON.stringify([toRunId, ...rest]), scores);
    }
  }
}

/** The weak model's pass rate per item over its graded samples (NaN when none was graded: never trained on). */
function weakPassRates(stored: StoredAnswers, weak: string): Float64Array {
  const answers = stored.byModel.get(weak);
  if (!answers) throw new UsageError(`run ${stored.runId} has no answers of model "${weak}" (it needs a configuration { model: ${weak} })`);
  return Float64Array.from(stored.items, (_, itemIndex) => {
    let passed = 0;
    let graded = 0;
    for (let sample = 0; sample < stored.repeat; sample++) {
      const status = answers.status[itemIndex * stored.repeat + sample];
      if (status === 'pass' || status === 'fail') {
        graded++;
        if (status === 'pass') passed++;
      }
    }
    return graded === 0 ? Number.NaN : passed / graded;
  });
}
