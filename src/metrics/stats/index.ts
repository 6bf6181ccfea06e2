export { type AverageImprovementInQuality, averageImprovementInQuality } from './average-improvement-in-quality.js';
export { binomial } from './binomial.js';
export {
  type ConfigurationIntervals,
  DEFAULT_RESAMPLES,
  type ItemOutcomes,
  type NamedItemOutcomes,
  pairedBootstrap,
  type PairedBootstrapOptions,
  type QualityResampling,
} from './bootstrap.js';
export { countDiscordantPairs, type DiscordantPairs, exactMcNemarPValue } from './mcnemar.js';
export { type NonInferiorityLabel, type NonInferiorityVerdict, nonInferiorityVerdict } from './non-inferiority.js';
export { type NamedCostQualityPoint, paretoFrontier } from './pareto-frontier.js';
export { type IntervalEstimate } from './percentile-interval.js';
export { createRandom, type RandomSource } from './random.js';
export {
  averagePerformanceGapRecovered,
  callPerformanceThreshold,
  oracleGapClosed,
  performanceGapRecovered,
  type PointPgr,
  pointPgr,
  type QualityAnchors,
  randomMixLine,
  type RoutingCurvePoint,
} from './routing-metrics.js';
export type { CostQualityPoint, MetricValue } from './types.js';
