import { describe, expect, it } from 'vitest';
import type { ConfigurationResults, Preference } from '../types/index.js';
import { pairwiseSummary, preferenceCodes } from './pairwise.js';
import { pairedProportionInterval, wilson } from './stats/paired-proportion-interval.js';
import { normalQuantile } from './stats/normal-quantile.js';
import { createRandom } from './stats/random.js';

/**
 * One result as read back from a run (store/read-run.ts): a judged answer
 * (its preference), an answer never given, an answer that could not be
 * graded, an answer graded with no pairwise judgement, or no row at all.
 */
type Row = Preference | 'unanswered' | 'ungraded' | 'unjudged' | 'missing' | 'gap';

function resultsOf(rows: readonly Row[], name = 'all-cheap'): ConfigurationResults {
  const size = rows.length;
  const results: ConfigurationResults = {
    name, kind: 'fixed', spec: { model: 'cheap' },
    score: new Float64Array(size).fill(Number.NaN),
    pass: new Float64Array(size).fill(Number.NaN),
    costUsd: new Float64Array(size),
    spentUsd: new Float64Array(size),
    latencyMs: new Float64Array(size).fill(Number.NaN),
    usedFrontier: new Uint8Array(size),
    present: new Uint8Array(size),
    answered: new Uint8Array(size),
    unanswered: new Map(),
    replayGaps: 0,
    ungraded: 0,
    cached: 0,
    gradingCostUsd: 0,
    preference: new Uint8Array(size),
  };
  rows.forEach((row, index) => {
    if (row === 'missing') return;
    results.present[index] = 1;
    if (row === 'unanswered') {
      // A model that gave no answer: a fail, with the reason, and no judgement.
      results.pass[index] = 0;
      results.score[index] = 0;
      results.unanswered.set('HTTP 400', (results.unanswered.get('HTTP 400') ?? 0) + 1);
      return;
    }
    if (row === 'gap') {
      results.replayGaps++;
      return;
    }
    results.answered[index] = 1;
    if (row === 'ungraded') {
      results.ungraded++;
      return;
    }
    if (row === 'unjudged') {
      results.pass[index] = 0;
      results.score[index] = 0;
      return;
    }
    results.pass[index] = row === 'loss' ? 0 : 1;
    results.score[index] = row === 'win' ? 1 : row === 'loss' ? 0 : 0.5;
    results.preference![index] = preferenceCodes[row];
  });
  return results;
}

const repeated = (counts: Partial<Record<Row, number>>): Row[] =>
  Object.entries(counts).flatMap(([row, count]) => Array.from({ length: count }, () => row as Row));

describe('pairwiseSummary: counts', () => {
  it('counts wins, ties, losses; splits and same answers are ties too', () => {
    const summary = pairwiseSummary(resultsOf(repeated({ win: 4, tie: 3, loss: 2, split: 5, same: 1 })), 5)!;
    expect(summary).toMatchObject({ configuration: 'all-cheap', compared: 15, wins: 4, ties: 9, losses: 2, splits: 5, same: 1, unanswered: 0, selfReference: false });
    expect(summary.winRate.rate).toBeCloseTo(4 / 15, 12);
    expect(summary.tieRate.rate).toBeCloseTo(9 / 15, 12);
    expect(summary.lossRate.rate).toBeCloseTo(2 / 15, 12);
  });

  it('counts an answer never given as a loss, and leaves out what was not graded or not judged', () => {
    const judged = repeated({ win: 2, tie: 2, loss: 1 });
    const summary = pairwiseSummary(resultsOf([...judged, 'unanswered', 'unanswered', 'ungraded', 'unjudged', 'missing', 'gap']), 5)!;
    expect(summary).toMatchObject({ compared: 7, wins: 2, ties: 2, losses: 3, unanswered: 2 });
    // The same as if the left-out rows did not exist.
    const without = pairwiseSummary(resultsOf([...judged, 'loss', 'loss']), 5)!;
    expect(summary.netLossPp).toBeCloseTo(without.netLossPp, 12);
    expect(summary.netLossCi95Pp).toEqual(without.netLossCi95Pp);
  });

  it('is null with nothing judged', () => {
    expect(pairwiseSummary(resultsOf(['ungraded', 'missing']), 5)).toBeNull();
    expect(pairwiseSummary({ ...resultsOf(['unanswered']), preference: undefined }, 5)).toBeNull();
  });

  it('is a self-reference only when every compared result is the reference\'s own text', () => {
    expect(pairwiseSummary(resultsOf(repeated({ same: 6 })), 5)!.selfReference).toBe(true);
    // Rows left out do not spoil it; a single judged or unanswered one does.
    expect(pairwiseSummary(resultsOf([...repeated({ same: 6 }), 'ungraded', 'missing']), 5)!.selfReference).toBe(true);
    expect(pairwiseSummary(resultsOf([...repeated({ same: 6 }), 'tie']), 5)!.selfReference).toBe(false);
    expect(pairwiseSummary(resultsOf([...repeated({ same: 6 }), 'split']), 5)!.selfReference).toBe(false);
    expect(pairwiseSummary(resultsOf([...repeated({ same: 6 }), 'unanswered']), 5)!.selfReference).toBe(false);
  });
});

describe('pairwiseSummary: the net loss and its interval', () => {
  it('equals Newcombe\'s method 10 worked by hand: 3 wins, 10 ties, 7 losses', () => {
    /*
     * Wins as the first configuration's only passes (b = 3), losses as the
     * second's (c = 7), ties as neither (d = 10), none both (a = 0); n = 20,
     * z = 1.959964.
     *   p1 = 3/20 = 0.15; Wilson [l1, u1] = [0.052369, 0.360419]
     *   p2 = 7/20 = 0.35; Wilson [l2, u2] = [0.181192, 0.567146]
     *   Wilson: (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n);
     *     for 3/20: (0.15 + 0.096036 ± 0.183609) / 1.192073.
     *   a·d − b·c = −21 < 0, no continuity correction;
     *   φ = −21 / sqrt(3·17·7·13) = −21 / 68.1249 = −0.308257
     *   δ = p1 − p2 = −0.20
     *   below = sqrt((p1−l1)² − 2φ(p1−l1)(u2−p2) + (u2−p2)²)
     *         = sqrt(0.097631² + 2·0.308257·0.097631·0.217146 + 0.217146²) = 0.264111
     *   above = sqrt((p2−l2)² − 2φ(p2−l2)(u1−p1) + (u1−p1)²)
     *         = sqrt(0.168808² + 2·0.308257·0.168808·0.210419 + 0.210419²) = 0.307687
     *   net win interval [δ − below, δ + above] = [−0.464111, 0.107687]
     *   net loss = −δ = +20 pp, interval [−10.7687, +46.4111] pp.
     */
    const summary = pairwiseSummary(resultsOf(repeated({ win: 3, tie: 10, loss: 7 })), 5)!;
    expect(summary.netLossPp).toBeCloseTo(20, 10);
    expect(summary.netLossCi95Pp[0]).toBeCloseTo(-10.7687, 3);
    expect(summary.netLossCi95Pp[1]).toBeCloseTo(46.4111, 3);
    expect(summary.winRate.ci95[0]).toBeCloseTo(0.052369, 5);
    expect(summary.winRate.ci95[1]).toBeCloseTo(0.360419, 5);
    // Its upper end is far above the 5-point margin: the data cannot tell.
    expect(summary.verdict).toBe('inconclusive');
  });

  it('is pairedProportionInterval on (wins, losses) with the sign turned, and Wilson for the rates, at any level', () => {
    for (const [wins, ties, losses, level] of [[12, 30, 5, 0.95], [0, 8, 2, 0.9], [40, 1, 41, 0.99]] as const) {
      const summary = pairwiseSummary(resultsOf(repeated({ win: wins, tie: ties, loss: losses })), 5, level)!;
      const net = pairedProportionInterval({ bothPass: 0, onlyFirst: wins, onlySecond: losses, bothFail: ties }, level)!;
      expect(summary.netLossPp).toBeCloseTo(-net.estimate * 100, 10);
      expect(summary.netLossCi95Pp[0]).toBeCloseTo(-net.upper * 100, 10);
      expect(summary.netLossCi95Pp[1]).toBeCloseTo(-net.lower * 100, 10);
      const n = wins + ties + losses;
      const z = normalQuantile(1 - (1 - level) / 2);
      expect(summary.lossRate.ci95).toEqual(wilson(losses, n, z));
      expect(summary.netLossCi95Pp[0]).toBeLessThanOrEqual(summary.netLossPp);
      expect(summary.netLossPp).toBeLessThanOrEqual(summary.netLossCi95Pp[1]);
    }
  });

  it('turns non-inferior as n grows with the same shares, when the net loss is below the margin', () => {
    // 25% wins, 55% ties, 20% losses: a net loss of −5 pp, against a 5-point margin.
    const verdicts = [1, 4, 16, 64].map((scale) => {
      const summary = pairwiseSummary(resultsOf(repeated({ win: 5 * scale, tie: 11 * scale, loss: 4 * scale })), 5)!;
      expect(summary.netLossPp).toBeCloseTo(-5, 10);
      return { n: summary.compared, verdict: summary.verdict, upper: summary.netLossCi95Pp[1] };
    });
    expect(verdicts.map(({ verdict }) => verdict)).toEqual(['inconclusive', 'inconclusive', 'non-inferior', 'non-inferior']);
    // The upper end falls towards −5 as n grows; non-inferior exactly when it is below +5.
    for (const { verdict, upper } of verdicts) expect(verdict === 'non-inferior').toBe(upper < 5);
    for (let index = 1; index < verdicts.length; index++) expect(verdicts[index]!.upper).toBeLessThan(verdicts[index - 1]!.upper);
  });

  it('turns inferior for a net loss well above the margin, given enough answers', () => {
    // 10% wins, 60% ties, 30% losses: a net loss of +20 pp.
    expect(pairwiseSummary(resultsOf(repeated({ win: 1, tie: 6, loss: 3 })), 5)!.verdict).toBe('inconclusive');
    expect(pairwiseSummary(resultsOf(repeated({ win: 20, tie: 120, loss: 60 })), 5)!.verdict).toBe('inferior');
  });

  it('covers a true net loss of 0 in about 95% of samples (win, tie, loss = 0.2, 0.6, 0.2; n = 200)', () => {
    const random = createRandom(20_260_505, 'pairwise-coverage');
    const trials = 2000;
    const n = 200;
    let covered = 0;
    for (let trial = 0; trial < trials; trial++) {
      const rows: Row[] = [];
      for (let index = 0; index < n; index++) {
        const draw = random.nextFloat();
        rows.push(draw < 0.2 ? 'win' : draw < 0.8 ? 'tie' : 'loss');
      }
      const [lower, upper] = pairwiseSummary(resultsOf(rows), 5)!.netLossCi95Pp;
      if (lower <= 0 && 0 <= upper) covered++;
    }
    // 2,000 trials: the binomial sampling error of the share is about ±1 point.
    // This seed gives 94.6%.
    expect(covered / trials).toBeGreaterThanOrEqual(0.93);
    expect(covered / trials).toBeLessThanOrEqual(0.97);
  });
});
