import type { Report, ReportConfiguration } from '../../types/index.js';

/**
 * A hand-made report in the shape buildReport gives: the demo's three
 * configurations plus a learned threshold router and a random mix, with
 * intervals, routing metrics, two swept curves, an oracle, tags and a warning.
 * Numbers are consistent with each other (PGR from the anchors, cost per item
 * from cost and items) so a chart of them looks like a real run.
 */

const items = 1000;
const cheap = { quality: 0.896, costUsd: 0.143 };
const frontier = { quality: 0.961, costUsd: 1.65 };
const oracle = { quality: 0.985, meanScore: 0.985, costUsd: 0.31, frontierShare: 0.11 };
const anchors = {
  cheap: 'all-cheap',
  frontier: 'all-frontier',
  cheapQuality: cheap.quality,
  frontierQuality: frontier.quality,
  cheapCostUsd: cheap.costUsd,
  frontierCostUsd: frontier.costUsd,
};

function configuration(
  fields: Pick<ReportConfiguration, 'name' | 'kind' | 'passRate' | 'costUsd' | 'frontierShare'> & Partial<ReportConfiguration>,
): ReportConfiguration {
  const passRate = fields.passRate!;
  const gap = frontier.quality - cheap.quality;
  return {
    items,
    answers: items,
    ungraded: 0,
    unanswered: 0,
    unansweredBy: {},
    replayGaps: 0,
    missing: 0,
    gapShare: 0,
    unknownShare: 0,
    costComparedItems: items,
    meanScore: passRate,
    qualityDeltaPp: Math.round(1000 * (passRate - frontier.quality)) / 10,
    costPerItemUsd: fields.costUsd / items,
    costReduction: frontier.costUsd / fields.costUsd,
    spentUsd: 0,
    cachedAnswers: items,
    latencyP50Ms: 11,
    latencyP95Ms: 37,
    gradingCostUsd: 0,
    qualityDeltaCi95Pp: null,
    costReductionCi95: null,
    nonInferior: null,
    nonInferiority: null,
    inconclusiveBecause: null,
    mcnemarP: null,
    anchors: { ...anchors, models: ['frontier', 'cheap'], oracleQuality: oracle.quality },
    pgr: (passRate - cheap.quality) / gap,
    costShare: (fields.costUsd - cheap.costUsd) / (frontier.costUsd - cheap.costUsd),
    apgr: null,
    cpt50: null,
    cpt80: null,
    aiq: null,
    oracleGapClosed: (passRate - cheap.quality) / (oracle.quality - cheap.quality),
    paretoOptimal: false,
    selfDisagreement: null,
    ...fields,
  };
}

function sweep(share: number, quality: number): { frontierShare: number; costUsd: number; quality: number } {
  return { frontierShare: share, costUsd: cheap.costUsd + share * (frontier.costUsd - cheap.costUsd), quality };
}

export const sampleReport: Report = {
  schemaVersion: 1,
  run: {
    id: 12,
    suite: 'contract-review',
    suiteVersion: 1,
    suiteHash: '9f2c4e1ab07d3c55e8a61f0b2d9c7e4a1b3f5d6c8e0a2b4c6d8e0f1a3b5c7d9e',
    status: 'complete',
    kind: 'run',
    parentRunId: null,
    items,
    repeat: 1,
    seed: 7,
    toolVersion: '0.1.0',
    startedAt: '2025-06-02T09:14:03.000Z',
    finishedAt: '2025-06-02T09:15:41.000Z',
    spentUsd: 1.79,
    calls: 2000,
    failedCalls: 3,
  },
  baseline: 'all-frontier',
  frontier: 'frontier',
  marginPp: 1,
  statistics: { resamples: 10_000, costResamples: 2000, seed: 7, confidenceLevel: 0.95, stratifiedBy: 'tag', qualityInterval: 'paired-bootstrap' },
  configurations: [
    configuration({
      name: 'all-frontier',
      kind: 'fixed',
      passRate: frontier.quality,
      costUsd: frontier.costUsd,
      frontierShare: 1,
      qualityDeltaPp: 0,
      latencyP50Ms: 30,
      latencyP95Ms: 43,
      cachedAnswers: 0,
      spentUsd: 1.65,
    }),
    configuration({
      name: 'all-cheap',
      kind: 'fixed',
      passRate: cheap.quality,
      costUsd: cheap.costUsd,
      frontierShare: 0,
      latencyP50Ms: 10,
      latencyP95Ms: 15,
      cachedAnswers: 0,
      spentUsd: 0.143,
      qualityDeltaCi95Pp: [-8.1, -4.9],
      costReductionCi95: [11.2, 11.9],
      nonInferior: false,
      nonInferiority: 'inferior',
      mcnemarP: 2.4e-11,
      paretoOptimal: true,
    }),
    configuration({
      name: 'routed',
      kind: 'rules',
      passRate: 0.966,
      costUsd: 0.525,
      frontierShare: 0.2,
      qualityDeltaCi95Pp: [-0.6, 1.6],
      costReductionCi95: [3.02, 3.27],
      nonInferior: true,
      nonInferiority: 'non-inferior',
      mcnemarP: 0.42,
      paretoOptimal: true,
    }),
    configuration({
      name: 'threshold',
      kind: 'threshold',
      passRate: 0.952,
      costUsd: 0.41,
      frontierShare: 0.18,
      qualityDeltaCi95Pp: [-2.1, 0.3],
      costReductionCi95: [3.86, 4.19],
      nonInferior: false,
      nonInferiority: 'inconclusive',
      mcnemarP: 0.13,
      apgr: 0.781,
      cpt50: 0.072,
      cpt80: 0.161,
      aiq: 0.951,
      paretoOptimal: true,
    }),
    configuration({
      name: 'random-30',
      kind: 'random',
      passRate: 0.916,
      costUsd: 0.595,
      frontierShare: 0.3,
      qualityDeltaCi95Pp: [-6.0, -3.0],
      costReductionCi95: [2.71, 2.84],
      nonInferior: false,
      nonInferiority: 'inferior',
      mcnemarP: 3.1e-7,
      apgr: 0.497,
      cpt50: 0.51,
      cpt80: 0.79,
      aiq: 0.928,
    }),
  ],
  anchors,
  oracle,
  paretoFrontier: ['all-cheap', 'threshold', 'routed'],
  curves: [
    {
      configuration: 'threshold',
      parameter: 'threshold',
      points: [
        { parameter: 0.9, ...sweep(0, 0.896) },
        { parameter: 0.8, ...sweep(0.05, 0.925) },
        { parameter: 0.7, ...sweep(0.1, 0.941) },
        { parameter: 0.6, ...sweep(0.18, 0.952) },
        { parameter: 0.5, ...sweep(0.3, 0.959) },
        { parameter: 0.3, ...sweep(0.5, 0.962) },
        { parameter: 0.1, ...sweep(0.75, 0.962) },
        { parameter: 0, ...sweep(1, 0.961) },
      ],
    },
    {
      configuration: 'random-30',
      parameter: 'p',
      points: [
        { parameter: 0, ...sweep(0, 0.896) },
        { parameter: 0.25, ...sweep(0.25, 0.913) },
        { parameter: 0.5, ...sweep(0.5, 0.929) },
        { parameter: 0.75, ...sweep(0.75, 0.944) },
        { parameter: 1, ...sweep(1, 0.961) },
      ],
    },
  ],
  tags: [
    {
      tag: 'easy',
      items: 820,
      configurations: [
        { name: 'all-frontier', passRate: 0.968, qualityDeltaPp: 0, costUsd: 1.31 },
        { name: 'all-cheap', passRate: 0.967, qualityDeltaPp: -0.1, costUsd: 0.113 },
        { name: 'routed', passRate: 0.967, qualityDeltaPp: -0.1, costUsd: 0.113 },
        { name: 'threshold', passRate: 0.962, qualityDeltaPp: -0.6, costUsd: 0.162 },
        { name: 'random-30', passRate: 0.967, qualityDeltaPp: -0.1, costUsd: 0.472 },
      ],
    },
    {
      tag: 'hard',
      items: 180,
      configurations: [
        { name: 'all-frontier', passRate: 0.929, qualityDeltaPp: 0, costUsd: 0.34 },
        { name: 'all-cheap', passRate: 0.572, qualityDeltaPp: -35.7, costUsd: 0.03 },
        { name: 'routed', passRate: 0.961, qualityDeltaPp: 3.2, costUsd: 0.412 },
        { name: 'threshold', passRate: 0.906, qualityDeltaPp: -2.3, costUsd: 0.248 },
        { name: 'random-30', passRate: 0.684, qualityDeltaPp: -24.5, costUsd: 0.123 },
      ],
    },
  ],
  headlines: [
    {
      configuration: 'routed',
      text: 'routed: 3.1x cheaper than all-frontier (95% CI 3.0–3.3x), quality 96.6% vs 96.1% (+0.5 pp, 95% CI -0.6 to +1.6): no quality loss beyond the 1.0 pp margin (non-inferior)',
    },
    {
      configuration: 'threshold',
      text: 'threshold: 4.0x cheaper than all-frontier (95% CI 3.9–4.2x), quality 95.2% vs 96.1% (-0.9 pp, 95% CI -2.1 to +0.3): inconclusive at the 1.0 pp margin (the interval reaches below -1.0 pp; more items would tell)',
    },
    {
      configuration: 'random-30',
      text: 'random-30: 2.8x cheaper than all-frontier (95% CI 2.7–2.8x), quality 91.6% vs 96.1% (-4.5 pp, 95% CI -6.0 to -3.0): quality loss beyond the 1.0 pp margin (inferior)',
    },
  ],
  warnings: ['3 answers could not be graded (the provider gave no answer): pass rates are over graded answers'],
};

/** The sample with no anchors at all: nothing to measure routing against. */
export function withoutAnchors(report: Report): Report {
  return { ...report, anchors: null, configurations: report.configurations.map((configuration) => ({ ...configuration, anchors: null })) };
}
