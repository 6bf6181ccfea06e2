import { describe, expect, it } from 'vitest';
import type { ConfigurationResults, RunData } from '../types/index.js';
import { parseRunSettings } from '../store/run-settings-document.js';
import { buildReport } from './build-report.js';

/**
 * A configuration's results from per-slot pass (1/0/NaN) and cost; every slot present. NaN is an
 * answer that could not be graded; the slots in `unanswered` got no answer at all (a fail).
 */
function results(name: string, kind: string, model: string | undefined, pass: number[], cost: number[], frontier: number[],
  spec: Record<string, unknown> = model ? { model } : {}, unanswered: number[] = []): ConfigurationResults {
  const size = pass.length;
  for (const slot of unanswered) pass[slot] = 0;
  return {
    name,
    kind,
    spec,
    score: Float64Array.from(pass),
    pass: Float64Array.from(pass),
    costUsd: Float64Array.from(cost),
    spentUsd: Float64Array.from(cost),
    latencyMs: Float64Array.from({ length: size }, (_, index) => index + 1),
    usedFrontier: Uint8Array.from(frontier),
    present: new Uint8Array(size).fill(1),
    answered: Uint8Array.from({ length: size }, (_, slot) => (unanswered.includes(slot) ? 0 : 1)),
    unanswered: unanswered.length === 0 ? new Map() : new Map([['HTTP 400', unanswered.length]]),
    replayGaps: 0,
    ungraded: pass.filter((value, slot) => Number.isNaN(value) && !unanswered.includes(slot)).length,
    cached: 0,
    gradingCostUsd: 0,
  };
}

function runData(configurations: ConfigurationResults[], repeat = 1, itemCount = configurations[0]!.pass.length / repeat): RunData {
  return {
    run: {
      id: 1, kind: 'run', suiteName: 's', suiteVersion: 1, suiteHash: 'h', suitePath: null, toolVersion: 't', seed: 3, repeat,
      baseline: 'all-big', frontier: 'big', marginPp: 10, status: 'complete', itemCount, options: parseRunSettings('{}'), startedAt: 'x', finishedAt: 'y',
      error: null, parentRunId: null, pid: null,
    },
    itemIds: Array.from({ length: itemCount }, (_, index) => `i${index}`),
    itemTags: Array.from({ length: itemCount }, (_, index) => [index < 2 ? 'hard' : 'easy']),
    configurations,
    spentUsd: 0,
    calls: 0,
    failedCalls: 0,
  };
}

describe('buildReport', () => {
  // Four items. big passes all for 10 each; small passes items 2 and 3 for 1 each; routed sends items 0, 1 to big.
  const big = results('all-big', 'fixed', 'big', [1, 1, 1, 1], [10, 10, 10, 10], [1, 1, 1, 1]);
  const small = results('all-small', 'fixed', 'small', [0, 0, 1, 1], [1, 1, 1, 1], [0, 0, 0, 0]);
  const routedSpec = { kind: 'rules', rules: [{ when: { tags: ['hard'] }, use: 'big' }], default: 'small' };
  const routed = results('routed', 'rules', undefined, [1, 1, 1, 1], [10, 10, 1, 1], [1, 1, 0, 0], routedSpec);

  it('computes quality change, cost reduction, frontier share and the routing metrics worked out by hand', () => {
    const report = buildReport(runData([big, small, routed]), { resamples: 500 });
    const byName = Object.fromEntries(report.configurations.map((configuration) => [configuration.name, configuration]));
    expect(byName['all-small']).toMatchObject({ passRate: 0.5, qualityDeltaPp: -50, costUsd: 4, costReduction: 10, frontierShare: 0 });
    expect(byName.routed).toMatchObject({ passRate: 1, qualityDeltaPp: 0, costUsd: 22, frontierShare: 0.5 });
    expect(byName.routed!.costReduction).toBeCloseTo(40 / 22, 12);
    // PGR = (1 - 0.5) / (1 - 0.5); cost share = (22 - 4) / (40 - 4); oracle = small where it passes, big elsewhere.
    expect(byName.routed!.pgr).toBe(1);
    expect(byName.routed!.costShare).toBeCloseTo(18 / 36, 12);
    expect(report.oracle).toEqual({ quality: 1, meanScore: 1, costUsd: 22, frontierShare: 0.5 });
    expect(byName.routed!.oracleGapClosed).toBe(1);
    expect(report.anchors).toMatchObject({ cheap: 'all-small', frontier: 'all-big', cheapQuality: 0.5, frontierQuality: 1 });
    // All tied with the baseline, yet four items say little: Newcombe's interval is ±48.99 points (worked with Wilson's
    // bounds 0.5101 and 1 for 4 of 4, φ = 0), far past the 10-point margin. McNemar with no discordant pair is 1.
    expect(byName.routed!.qualityDeltaCi95Pp![0]).toBeCloseTo(-48.989, 3);
    expect(byName.routed!.qualityDeltaCi95Pp![1]).toBeCloseTo(48.989, 3);
    expect(byName.routed!.nonInferiority).toBe('inconclusive');
    expect(byName.routed!.mcnemarP).toBe(1);
    // Two discordant items, both against small: p = 2 * (1/2)^2 = 0.5.
    expect(byName['all-small']!.mcnemarP).toBe(0.5);
    expect(report.paretoFrontier).toEqual(['all-small', 'routed']);
    expect(report.headlines.map((headline) => headline.configuration)).toEqual(['routed']);
    expect(report.tags.find((tag) => tag.tag === 'hard')!.configurations.find((row) => row.name === 'all-small')).toMatchObject({ passRate: 0, qualityDeltaPp: -100, costUsd: 2 });
  });

  it('warns instead of dividing by zero when the two models have the same quality', () => {
    const equal = results('all-small', 'fixed', 'small', [1, 1, 1, 1], [1, 1, 1, 1], [0, 0, 0, 0]);
    const report = buildReport(runData([big, equal, routed]), { resamples: 100 });
    expect(report.configurations.find((configuration) => configuration.name === 'routed')!.pgr).toBeNull();
    expect(report.warnings.join('\n')).toMatch(/same quality .*no gap/);
  });

  it('handles one item, and reports self-disagreement with repeated samples', () => {
    const one = buildReport(runData([results('all-big', 'fixed', 'big', [1], [2], [1]), results('all-small', 'fixed', 'small', [0], [1], [0])]), { resamples: 100 });
    expect(one.configurations[1]).toMatchObject({ qualityDeltaPp: -100, costReduction: 2 });
    // One item, lost: from -100 up to +12.2 points (Wilson's bounds for 0 of 1 and 1 of 1 are [0, 0.7935] and [0.2065, 1]).
    expect(one.configurations[1]!.qualityDeltaCi95Pp![0]).toBeCloseTo(-100, 9);
    expect(one.configurations[1]!.qualityDeltaCi95Pp![1]).toBeCloseTo(12.211, 3);
    // Two items, three samples each: item 0 of small disagrees with itself (pass, fail, pass), item 1 does not.
    const repeated = buildReport(runData([results('all-big', 'fixed', 'big', [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]),
      results('all-small', 'fixed', 'small', [1, 0, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0])], 3, 2), { resamples: 100 });
    const small3 = repeated.configurations[1]!;
    expect(small3.selfDisagreement).toBe(0.5);
    expect(repeated.configurations[0]!.selfDisagreement).toBe(0);
    // Item qualities 2/3 and 0 against 1 and 1: mean change -(1/3 + 1) / 2 = -2/3, in points.
    expect(small3.qualityDeltaPp).toBeCloseTo(-200 / 3, 9);
    expect(small3.mcnemarP).toBeNull();
  });

  it('warns about answers that could not be graded, which the pass rate leaves out, and calls the verdict inconclusive', () => {
    const lossy = results('routed', 'rules', undefined, [1, Number.NaN, Number.NaN, 1], [10, 10, 10, 1], [1, 1, 1, 0]);
    // A margin wide enough that two tied items would, alone, be called non-inferior.
    const data = runData([big, small, lossy]);
    data.run.marginPp = 70;
    const report = buildReport(data, { resamples: 100 });
    expect(report.configurations[2]).toMatchObject({ passRate: 1, ungraded: 2, unanswered: 0, gapShare: 0.5 });
    expect(report.warnings).toContain('routed: 2 answers could not be graded (a judge or check that could not decide); its pass rate covers 2 answers');
    // The two graded items tie with the baseline, so the interval alone would say non-inferior: half the answers are not there.
    expect(report.configurations[2]!.qualityDeltaCi95Pp![0]).toBeGreaterThan(-70);
    expect(report.configurations[2]).toMatchObject({ nonInferiority: 'inconclusive', nonInferior: false });
    expect(report.headlines[0]!.text).toContain(": inconclusive: 50% of routed's answers are missing or ungraded (2 ungraded), above the 2% allowed (max_gap_pct)");
  });

  it('counts an answer never given as a fail, and compares cost over the items both answered', () => {
    // Small gives no answer to item 0 (HTTP 400, free) and fails item 1: a pass rate of 2/4, not 2/3.
    const failing = results('all-small', 'fixed', 'small', [0, 0, 1, 1], [0, 1, 1, 1], [0, 0, 0, 0], { model: 'small' }, [0]);
    const report = buildReport(runData([big, failing]), { resamples: 200 });
    const row = report.configurations[1]!;
    expect(row).toMatchObject({ passRate: 0.5, unanswered: 1, unansweredBy: { 'HTTP 400': 1 }, ungraded: 0, costComparedItems: 3 });
    // Items 1 to 3: the baseline paid 30, small 3. Over all four items it would have looked like 40 / 3.
    expect(row.costReduction).toBe(10);
    expect(row.costReductionCi95).toEqual([10, 10]);
    // Cost per answer given: 3 over 3.
    expect(row.costPerItemUsd).toBe(1);
    expect(report.warnings).toContain('all-small: 1 of 4 answers were never given (1 × HTTP 400) and count as fails; its pass rate covers 4 answers; cost is compared over the 3 items it and the baseline both answered');
  });

  it('says inconclusive, never non-inferior, when the answers missing pass the allowed share, and takes the share from the run', () => {
    // 100 items all passed by both; routed lacks the answer to 3 of them (3%): every other item ties.
    const size = 100;
    const ones = () => Array.from({ length: size }, () => 1);
    const baseline = results('all-big', 'fixed', 'big', ones(), ones(), ones());
    const routed = results('routed', 'rules', undefined, ones(), ones(), ones(), {}, [0, 1, 2]);
    const data = runData([baseline, routed]);
    data.run.marginPp = 10;
    const strict = buildReport(data, { resamples: 200 }).configurations[1]!;
    // The interval (counting the three as fails) is above -10 pp, yet the verdict is withheld.
    expect(strict.qualityDeltaCi95Pp![0]).toBeGreaterThan(-10);
    expect(strict).toMatchObject({ nonInferiority: 'inconclusive', inconclusiveBecause: "3.0% of routed's answers are missing or ungraded (3 unanswered: 3 × HTTP 400), above the 2% allowed (max_gap_pct)" });
    data.run.options = { ...data.run.options, maxGapPct: 5 };
    expect(buildReport(data, { resamples: 200 }).configurations[1]).toMatchObject({ nonInferiority: 'non-inferior', inconclusiveBecause: null });
  });
});

describe('verdicts on little or gapped data', () => {
  it('does not call two items both passed non-inferior: the score interval of two items spans about ±66 points', () => {
    const report = buildReport(runData([results('all-big', 'fixed', 'big', [1, 1], [5, 5], [1, 1]), results('routed', 'rules', undefined, [1, 1], [1, 1], [0, 0])]), { resamples: 200 });
    const routed = report.configurations[1]!;
    expect(report.statistics.qualityInterval).toBe('newcombe-hybrid-score');
    expect(routed.qualityDeltaCi95Pp![0]).toBeCloseTo(-65.76, 1);
    expect(routed.qualityDeltaCi95Pp![1]).toBeCloseTo(65.76, 1);
    expect(routed.nonInferiority).toBe('inconclusive');
  });

  it('keeps "inferior" when the gaps are answers never given, which are fails, and withholds it for gaps of unknown outcome', () => {
    // 20 items; the baseline passes all, routed fails 8 and gives no answer to 4 more: clearly worse.
    const size = 20;
    const ones = () => Array.from({ length: size }, () => 1);
    const baseline = results('all-big', 'fixed', 'big', ones(), ones(), ones());
    const worse = Array.from({ length: size }, (_, index) => (index < 8 ? 0 : 1));
    const unanswered = results('routed', 'rules', undefined, [...worse], ones(), ones(), {}, [8, 9, 10, 11]);
    const verdict = buildReport(runData([baseline, unanswered]), { resamples: 200 }).configurations[1]!;
    expect(verdict.qualityDeltaCi95Pp![1]).toBeLessThan(-10);
    expect(verdict).toMatchObject({ nonInferiority: 'inferior', inconclusiveBecause: null });
    // The same four as answers the judge could not grade: they might all be passes, so no verdict.
    const ungraded = results('routed', 'rules', undefined, worse.map((pass, index) => (index >= 8 && index < 12 ? Number.NaN : pass)), ones(), ones());
    const withheld = buildReport(runData([baseline, ungraded]), { resamples: 200 }).configurations[1]!;
    expect(withheld.nonInferiority).toBe('inconclusive');
    expect(withheld.inconclusiveBecause).toMatch(/^20% of routed's answers are missing or ungraded \(4 ungraded\)/);
  });

  it('gives a black-box router (one model to the suite, many behind it) its served models and a headline, a dearer one\'s interval turned round', () => {
    const big = results('all-big', 'fixed', 'big', [1, 1, 1, 1], [10, 10, 10, 10], [1, 1, 1, 1]);
    const auto = results('auto', 'fixed', 'auto', [1, 1, 1, 1], [20, 20, 20, 20], [0, 0, 0, 0]);
    const data = { ...runData([big, auto]), servedModels: [
      { configuration: 'auto', askedModel: 'openrouter/auto', servedModel: 'anthropic/claude-sonnet-4', costBasis: 'reported' as const, answers: 3, costUsd: 60 },
      { configuration: 'auto', askedModel: 'openrouter/auto', servedModel: 'openrouter/auto', costBasis: 'reported' as const, answers: 1, costUsd: 20 },
      { configuration: 'all-big', askedModel: 'big', servedModel: 'big-2025-01-01', costBasis: null, answers: 4, costUsd: 40 },
    ] };
    const report = buildReport(data, { resamples: 200 });
    expect(report.configurations[0]!.servedBy).toBeUndefined();
    expect(report.configurations[1]!.servedBy).toMatchObject({ answers: 4, otherThanAsked: 3, costBasis: { reported: 4, servedPrice: 0, configured: 0 } });
    // Twice the baseline's cost on every item: a reduction of 0.5x, with an interval of [0.5, 0.5], said as 2.0x dearer.
    expect(report.headlines).toEqual([{ configuration: 'auto', text: expect.stringMatching(/^auto: 2\.0x dearer than all-big \(95% CI 2\.0–2\.0x\), quality 100\.0% vs 100\.0%/) }]);
  });
});
