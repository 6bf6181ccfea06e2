/**
 * A metric that may be undefined for the data (a zero denominator, a level
 * never reached): null with the reason, rather than NaN or Infinity.
 */
export interface MetricValue {
  value: number | null;
  /** Why value is null, in words a report can print; null when there is nothing to say. */
  warning: string | null;
}

/** One configuration on the cost-quality plane. */
export interface CostQualityPoint {
  costUsd: number;
  quality: number;
}
