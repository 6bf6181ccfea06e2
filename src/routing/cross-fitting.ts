import { hash32 } from '../util/hash.js';

/** Training items per model at most: past it, a seeded sample (the model stops improving long before, and the cost grows with every item). */
export const maxTrainingItems = 25_000;

/** Each item's fold, drawn from the seed and its position: the same split for every model and every run of the same seed. */
export function foldsOf(count: number, folds: number, seed: number): Int32Array {
  return Int32Array.from({ length: count }, (_, index) => hash32(seed, 'fold', index) % folds);
}

/**
 * The items a fold's model may learn from: every labelled item of the other
 * folds (NaN: no label, never trained on), sampled down to `cap` with the
 * seed. No item is ever scored by a model that saw its label.
 */
export function trainingIndices(foldOf: Int32Array, fold: number, labels: Float64Array, seed: number, cap = maxTrainingItems): number[] {
  let labelled = 0;
  for (const label of labels) if (!Number.isNaN(label)) labelled++;
  const keep = Math.min(1, cap / Math.max(1, labelled));
  const indices: number[] = [];
  for (let index = 0; index < foldOf.length; index++) {
    if (foldOf[index] === fold || Number.isNaN(labels[index]!)) continue;
    if (keep < 1 && hash32(seed, 'sample', fold, index) / 4294967296 >= keep) continue;
    indices.push(index);
  }
  return indices;
}
