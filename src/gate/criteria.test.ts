import { describe, expect, it } from 'vitest';
import { sampleReport } from '../report/__fixtures__/sample-report.js';
import type { Report } from '../types/index.js';
import { evaluateGate } from './criteria.js';

/** The sample report with one routed configuration changed. */
function withRouted(changes: Partial<Report['configurations'][number]>): Report {
  return { ...sampleReport, configurations: sampleReport.configurations.map((configuration) => (configuration.name === 'routed' ? { ...configuration, ...changes } : configuration)) };
}

describe('evaluateGate', () => {
  it('fails on answers a judge could not grade: they drop out of the pass rate the other criteria judge', () => {
    const report = withRouted({ ungraded: 31, qualityDeltaPp: -0.5 });
    const outcomes = evaluateGate(report, { configurations: ['routed'], maxQualityLossPp: 1 });
    expect(outcomes.map((outcome) => [outcome.criterion, outcome.passed])).toEqual([
      ['answers missing or ungraded', false],
      ['quality change vs all-frontier', true],
      ['answers missing or ungraded', true],
    ]);
    expect(outcomes[0]).toMatchObject({ measured: '31 of 1000 (3.1%)', unanswered: '31 of 1000 answers missing or ungraded: 31 ungraded' });
    expect(evaluateGate(report, { configurations: ['routed'], maxQualityLossPp: 1, maxUnansweredPct: 5 }).every((outcome) => outcome.passed)).toBe(true);
  });

  it('names every kind of missing answer on every line', () => {
    const report = withRouted({ unanswered: 3, unansweredBy: { 'HTTP 400': 2, timeout: 1 }, replayGaps: 1, missing: 2, answers: 998, ungraded: 4 });
    const [answers] = evaluateGate(report, { configurations: ['routed'], maxQualityLossPp: 1 });
    expect(answers!.unanswered).toBe('10 of 1000 answers missing or ungraded: 2 × HTTP 400, 1 × timeout, 4 ungraded, 1 not recorded, 2 not run');
  });

  it('judges a regression on the numbers of the items both runs share, not on the whole run', () => {
    // The whole run's routed pass rate is the sample report's; on the 40 shared items it fell 2 points, and its cost per answer rose 25%.
    const baseline = { label: 'main.json (run 1)', scope: '40 shared items',
      configurations: [{ name: 'routed', passRate: 0.95, costPerItemUsd: 0.0004 }], current: [{ name: 'routed', passRate: 0.93, costPerItemUsd: 0.0005 }] };
    const outcomes = evaluateGate(sampleReport, { configurations: ['routed'], maxRegressionPp: 1, maxCostIncreasePct: 30 }, baseline);
    expect(outcomes.slice(1, 3).map((outcome) => [outcome.criterion, outcome.measured, outcome.passed])).toEqual([
      ['pass rate change vs main.json (run 1)', '-2.00 pp on 40 shared items', false],
      ['cost per answer change vs main.json (run 1)', '+25.00% on 40 shared items', true],
    ]);
  });
});
