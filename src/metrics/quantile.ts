/**
 * The q-quantile (0..1) by linear interpolation between order statistics
 * (Hyndman and Fan type 7, the default of R and NumPy); NaN values are
 * ignored; null when nothing is left.
 */
export function quantile(values: ArrayLike<number>, q: number): number | null {
  const sorted = Float64Array.from(Array.prototype.filter.call(values, (value: number) => !Number.isNaN(value)) as number[]);
  if (sorted.length === 0) return null;
  sorted.sort();
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}
