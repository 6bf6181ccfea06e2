/** A two-sided interval with the statistic on the full data. */
export interface IntervalEstimate {
  /** The statistic on the data as observed. */
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * The central `confidenceLevel` percentile interval of bootstrap statistics
 * (for 0.95: the 2.5th and 97.5th percentiles). Percentiles interpolate between
 * order statistics like ../quantile.ts (Hyndman and Fan type 7, the default of
 * R and NumPy), so intervals match what a reader recomputes there. NaN entries
 * (resamples where the statistic is undefined) are left out; null when none is
 * left. Sorts `statistics` in place.
 */
export function percentileInterval(statistics: Float64Array, confidenceLevel: number): { lower: number; upper: number } | null {
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${confidenceLevel}`);
  // A typed-array sort is numeric and puts NaN last.
  statistics.sort();
  let defined = statistics.length;
  while (defined > 0 && Number.isNaN(statistics[defined - 1]!)) defined--;
  if (defined === 0) return null;
  const tail = (1 - confidenceLevel) / 2;
  return { lower: sortedPercentile(statistics, defined, tail), upper: sortedPercentile(statistics, defined, 1 - tail) };
}

function sortedPercentile(sorted: Float64Array, count: number, q: number): number {
  const position = (count - 1) * q;
  const lower = Math.floor(position);
  const weight = position - lower;
  const below = sorted[lower]!;
  // Skipping the interpolation at weight 0 keeps an infinite neighbour (a
  // resample whose configuration cost nothing) from turning the result into NaN.
  if (weight === 0 || lower + 1 >= count) return below;
  const above = sorted[lower + 1]!;
  if (below === above) return below;
  return below + (above - below) * weight;
}
