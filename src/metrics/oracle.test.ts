import { describe, expect, it } from 'vitest';
import { oracleChoice } from '../offline/simulate.js';
import type { ConfigurationResults, ResultRecord } from '../types/index.js';
import { oraclePoint } from './oracle.js';

type Status = ResultRecord['status'];
/** One answer: its grade, its score (null: the check gave none) and its cost. */
type Answer = [status: Status, score: number | null, costUsd: number];

/*
 * Five items, two models; scores are partial (a recorded grade, pass at 0.5).
 *
 * item | cheap              | dear               | the oracle takes
 * i0   | pass 0.6   $1      | pass 0.9   $5      | dear: the higher score, though cheap passes too
 * i1   | fail 0.2   $1      | fail 0.4   $5      | dear: the higher score, though both fail
 * i2   | pass 1.0   $1      | pass 1.0   $5      | cheap: a tie, the cheaper
 * i3   | error      $0      | fail 0     $5      | dear: a graded answer before an ungraded one
 * i4   | error      $0      | error      $5      | cheap: none graded, the cheapest
 */
const table: Record<'cheap' | 'dear', Answer[]> = {
  cheap: [['pass', 0.6, 1], ['fail', 0.2, 1], ['pass', 1, 1], ['error', null, 0], ['error', null, 0]],
  dear: [['pass', 0.9, 5], ['fail', 0.4, 5], ['pass', 1, 5], ['fail', 0, 5], ['error', null, 5]],
};

function resultsOf(model: 'cheap' | 'dear'): ConfigurationResults {
  const answers = table[model];
  const graded = (status: Status) => status === 'pass' || status === 'fail';
  return {
    name: `all-${model}`,
    kind: 'fixed',
    spec: { model },
    score: Float64Array.from(answers, ([status, score]) => (graded(status) && score !== null ? score : Number.NaN)),
    pass: Float64Array.from(answers, ([status]) => (status === 'pass' ? 1 : status === 'fail' ? 0 : Number.NaN)),
    costUsd: Float64Array.from(answers, ([, , cost]) => cost),
    spentUsd: new Float64Array(answers.length),
    latencyMs: new Float64Array(answers.length),
    usedFrontier: new Uint8Array(answers.length).fill(model === 'dear' ? 1 : 0),
    present: new Uint8Array(answers.length).fill(1),
    answered: new Uint8Array(answers.length).fill(1),
    unanswered: new Map(),
    replayGaps: 0,
    ungraded: 0,
    cached: 0,
    gradingCostUsd: 0,
  };
}

describe('the oracle: per item the highest score, the cheapest among ties (RouterBench)', () => {
  it('chooses per item as worked out by hand', () => {
    const choices = table.cheap.map((_, item) =>
      oracleChoice(['cheap', 'dear'], (model) => {
        const [status, score, costUsd] = table[model as 'cheap' | 'dear'][item]!;
        return { status, score, costUsd };
      }).model,
    );
    expect(choices).toEqual(['dear', 'dear', 'cheap', 'dear', 'cheap']);
  });

  it('places the report\'s oracle point where the oracle router lands', () => {
    const point = oraclePoint([resultsOf('cheap'), resultsOf('dear')], 'all-dear');
    // Graded picks: i0 pass 0.9, i1 fail 0.4, i2 pass 1, i3 fail 0; i4 is ungraded and leaves the pass rate.
    expect(point).toEqual({ quality: 2 / 4, meanScore: (0.9 + 0.4 + 1 + 0) / 4, costUsd: 5 + 5 + 1 + 5 + 0, frontierShare: 3 / 5 });
    // The router's choices, priced and graded from the same table, give the same point.
    let passes = 0;
    let graded = 0;
    let costUsd = 0;
    let dear = 0;
    table.cheap.forEach((_, item) => {
      const model = oracleChoice(['cheap', 'dear'], (name) => {
        const [status, score, cost] = table[name as 'cheap' | 'dear'][item]!;
        return { status, score, costUsd: cost };
      }).model as 'cheap' | 'dear';
      const [status, , cost] = table[model][item]!;
      costUsd += cost;
      if (model === 'dear') dear++;
      if (status === 'pass' || status === 'fail') graded++;
      if (status === 'pass') passes++;
    });
    expect({ quality: passes / graded, costUsd, frontierShare: dear / 5 }).toEqual({ quality: point!.quality, costUsd: point!.costUsd, frontierShare: point!.frontierShare });
  });

  it('is an upper bound of every router over the same answers, in pass rate and in mean score', () => {
    const point = oraclePoint([resultsOf('cheap'), resultsOf('dear')], 'all-dear')!;
    // Every one of the 2^5 ways of picking one model per item.
    for (let mask = 0; mask < 32; mask++) {
      let passes = 0;
      let scores = 0;
      let graded = 0;
      table.cheap.forEach((_, item) => {
        const [status, score] = table[(mask >> item) & 1 ? 'dear' : 'cheap'][item]!;
        if (status !== 'pass' && status !== 'fail') return;
        graded++;
        passes += status === 'pass' ? 1 : 0;
        scores += score ?? (status === 'pass' ? 1 : 0);
      });
      if (graded === 0) continue;
      // Totals over the five items, so routers that leave out different items compare.
      expect(passes).toBeLessThanOrEqual(point.quality * 4);
      expect(scores).toBeLessThanOrEqual(point.meanScore * 4 + 1e-12);
    }
  });
});
