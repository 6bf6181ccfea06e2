/**
 * Per item, the mean over its graded samples (NaN when none was graded).
 * With one sample this is the item's pass (or score) itself.
 */
export function itemMeans(values: Float64Array, itemCount: number, repeat: number): Float64Array {
  const means = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    let sum = 0;
    let count = 0;
    for (let sample = 0; sample < repeat; sample++) {
      const value = values[item * repeat + sample]!;
      if (!Number.isNaN(value)) {
        sum += value;
        count++;
      }
    }
    means[item] = count === 0 ? Number.NaN : sum / count;
  }
  return means;
}

/** Per item, the sum over its samples. */
export function itemSums(values: Float64Array, itemCount: number, repeat: number): Float64Array {
  const sums = new Float64Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    let sum = 0;
    for (let sample = 0; sample < repeat; sample++) sum += values[item * repeat + sample]!;
    sums[item] = sum;
  }
  return sums;
}
