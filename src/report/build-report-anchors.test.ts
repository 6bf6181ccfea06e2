import { describe, expect, it } from 'vitest';
import type { ConfigurationResults, Curve, RunData } from '../types/index.js';
import { parseRunSettings } from '../store/run-settings-document.js';
import { buildReport } from './build-report.js';
import { renderMarkdown } from './render-markdown.js';
import { renderTable } from './render-table.js';

/** A configuration's results from per-item pass (1/0) and cost; one sample per item, every slot present. */
function results(name: string, kind: string, spec: Record<string, unknown>, pass: number[], cost: number[]): ConfigurationResults {
  return {
    name,
    kind,
    spec,
    score: Float64Array.from(pass),
    pass: Float64Array.from(pass),
    costUsd: Float64Array.from(cost),
    spentUsd: Float64Array.from(cost),
    latencyMs: Float64Array.from(pass, () => 5),
    usedFrontier: Uint8Array.from(cost, (value) => (value >= 10 ? 1 : 0)),
    present: new Uint8Array(pass.length).fill(1),
    answered: new Uint8Array(pass.length).fill(1),
    unanswered: new Map(),
    replayGaps: 0,
    ungraded: 0,
    cached: 0,
    gradingCostUsd: 0,
  };
}

function runData(configurations: ConfigurationResults[]): RunData {
  const itemCount = configurations[0]!.pass.length;
  return {
    run: {
      id: 1, kind: 'run', suiteName: 's', suiteVersion: 1, suiteHash: 'h', suitePath: null, toolVersion: 't', seed: 3, repeat: 1,
      baseline: 'all-big', frontier: 'big', marginPp: 10, status: 'complete', itemCount, options: parseRunSettings('{}'), startedAt: 'x', finishedAt: 'y',
      error: null, parentRunId: null, pid: null,
    },
    itemIds: Array.from({ length: itemCount }, (_, index) => `i${index}`),
    itemTags: Array.from({ length: itemCount }, () => []),
    configurations,
    spentUsd: 0,
    calls: 0,
    failedCalls: 0,
  };
}

/*
 * Four items and three models, dearest last:
 *
 * item | tiny      | mid       | big
 * i0   | pass  $1  | pass  $4  | pass $10
 * i1   | fail  $1  | pass  $4  | pass $10
 * i2   | fail  $1  | fail  $4  | pass $10
 * i3   | fail  $1  | fail  $4  | pass $10
 * q    | 0.25, $4  | 0.5, $16  | 1, $40
 *
 * The routers between mid and big must be measured between all-mid and all-big,
 * not between the suite's cheapest (all-tiny) and all-big.
 */
const big = results('all-big', 'fixed', { model: 'big' }, [1, 1, 1, 1], [10, 10, 10, 10]);
const mid = results('all-mid', 'fixed', { model: 'mid' }, [1, 1, 0, 0], [4, 4, 4, 4]);
const tiny = results('all-tiny', 'fixed', { model: 'tiny' }, [1, 0, 0, 0], [1, 1, 1, 1]);
// Items i0 and i2 drawn to big: passes 1, 1, 1, 0 at 10 + 4 + 10 + 4.
const random = results('random', 'random', { kind: 'random', p: 0.5, strong: 'big', weak: 'mid' }, [1, 1, 1, 0], [10, 4, 10, 4]);
// mid first, escalated to big on i2 and i3: every item passes, at 4 + 4 + 14 + 14.
const cascade = results('cascade', 'cascade', { kind: 'cascade', models: ['mid', 'big'], accept: [], agreement: 1 }, [1, 1, 1, 1], [4, 4, 14, 14]);
// The rule names the dearer model first: the anchors are ordered by cost, not by mention.
const rules = results('rules', 'rules', { kind: 'rules', rules: [{ when: { tags: ['x'] }, use: 'mid' }], default: 'tiny' }, [1, 1, 0, 0], [1, 4, 4, 4]);
// The random router's swept curve: all-mid at share 0, the router at 0.5, all-big at 1 (a straight line).
const randomCurve: Curve = {
  configuration: 'random',
  parameter: 'p',
  points: [
    { parameter: 0, frontierShare: 0, costUsd: 16, quality: 0.5 },
    { parameter: 0.5, frontierShare: 0.5, costUsd: 28, quality: 0.75 },
    { parameter: 1, frontierShare: 1, costUsd: 40, quality: 1 },
  ],
};

describe('buildReport anchors each routed configuration on its own models', () => {
  const report = buildReport(runData([big, mid, tiny, random, cascade, rules]), { resamples: 200, curves: [randomCurve] });
  const byName = Object.fromEntries(report.configurations.map((configuration) => [configuration.name, configuration]));

  it('measures a random router between its strong and weak models', () => {
    const own = byName.random!;
    expect(own.anchors).toMatchObject({ cheap: 'all-mid', frontier: 'all-big', cheapQuality: 0.5, frontierQuality: 1, cheapCostUsd: 16, frontierCostUsd: 40 });
    // PGR = (0.75 - 0.5) / (1 - 0.5); on tiny..big it would be (0.75 - 0.25) / 0.75 = 2/3.
    expect(own.pgr).toBe(0.5);
    // The curve is the straight line from all-mid to all-big: APGR 0.5, as a random router must score.
    expect(own.apgr).toBeCloseTo(0.5, 12);
    // PGR reaches 0.5 at share 0.5 and 0.8 at share 0.8 on that line.
    expect(own.cpt50).toBeCloseTo(0.5, 12);
    expect(own.cpt80).toBeCloseTo(0.8, 12);
    // The hull is the line from (16, 0.5) to (40, 1): its mean over [16, 40] is 0.75.
    expect(own.aiq).toBeCloseTo(0.75, 12);
    // The oracle over mid and big passes every item: (0.75 - 0.5) / (1 - 0.5).
    expect(own.anchors!.oracleQuality).toBe(1);
    expect(own.oracleGapClosed).toBe(0.5);
  });

  it('measures a cascade between its first and last model', () => {
    expect(byName.cascade!.anchors).toMatchObject({ cheap: 'all-mid', frontier: 'all-big' });
    // (36 - 16) / (40 - 16); on tiny..big it would be (36 - 4) / 36.
    expect(byName.cascade!.costShare).toBeCloseTo(20 / 24, 12);
    expect(byName.cascade!.pgr).toBe(1);
  });

  it('measures a rules router between the cheapest and dearest of its models, by their fixed configurations\' cost', () => {
    expect(byName.rules!.anchors).toMatchObject({ cheap: 'all-tiny', frontier: 'all-mid', cheapQuality: 0.25, frontierQuality: 0.5 });
    // (0.5 - 0.25) / (0.5 - 0.25); on tiny..big it would be 1/3.
    expect(byName.rules!.pgr).toBe(1);
    // The oracle over tiny and mid passes i0 and i1: (0.5 - 0.25) / (0.5 - 0.25).
    expect(byName.rules!.oracleGapClosed).toBe(1);
  });

  it('keeps the suite-wide anchors at the top: the cheapest fixed configuration and the frontier model\'s', () => {
    expect(report.anchors).toMatchObject({ cheap: 'all-tiny', frontier: 'all-big' });
    expect(byName['all-mid']!.pgr).toBeCloseTo(1 / 3, 12);
  });

  it('names each configuration\'s pair where the routing metrics are shown', () => {
    const table = renderTable(report);
    expect(table).toMatch(/^ {2}random \(all-mid → all-big\): PGR 0\.50/m);
    expect(table).toMatch(/^ {2}rules \(all-tiny → all-mid\): PGR 1\.00/m);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| configuration | between | PGR |');
    expect(markdown).toMatch(/\| random \| all-mid → all-big \| 0\.50 \|/);
  });

  it('leaves the metrics null and says which fixed configuration is missing', () => {
    const orphan = results('random-huge', 'random', { kind: 'random', p: 0.5, strong: 'huge', weak: 'mid' }, [1, 1, 1, 1], [4, 4, 4, 4]);
    const missing = buildReport(runData([big, mid, tiny, orphan]), { resamples: 100 });
    const row = missing.configurations.find((configuration) => configuration.name === 'random-huge')!;
    expect(row).toMatchObject({ anchors: null, pgr: null, costShare: null, apgr: null, aiq: null, oracleGapClosed: null });
    expect(missing.warnings.join('\n')).toMatch(/random-huge.*needs a fixed configuration of model "huge"/);
  });
});
