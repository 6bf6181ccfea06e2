/** What a gate demands; every field optional. */
export interface GateCriteria {
  /** The configurations the criteria apply to; default the routed ones (not fixed, not the baseline). */
  configurations?: string[];
  maxQualityLossPp?: number;
  minCostReduction?: number;
  requireNonInferior?: boolean;
  /** Against a baseline run: the largest fall of a configuration's pass rate, in points. */
  maxRegressionPp?: number;
  /** Against a baseline run: the largest rise of a configuration's cost, in percent. */
  maxCostIncreasePct?: number;
  /** The largest share of a judged configuration's (or the baseline's) answers that may be missing: never given or not recorded. Default 0. */
  maxUnansweredPct?: number;
}
