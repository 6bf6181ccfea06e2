import { hash32 } from '../util/hash.js';
import { extractFeatures, type FeatureInput, type SparseFeatures } from './features.js';
import { trainLogisticRegression } from './logistic-regression.js';

/**
 * For every item, the predicted chance that the weak model fails it, from a
 * model trained only on the other folds (cross-fitting): no item is scored
 * by a model that saw its label. `labels[i]` is 1 when the weak model
 * passed item i, 0 when it failed, NaN when unknown (never trained on).
 */
export function crossFittedFailureScores(inputs: FeatureInput[], labels: Float64Array, folds: number, seed: number): Float64Array {
  const features: SparseFeatures[] = inputs.map(extractFeatures);
  const foldOf = Int32Array.from(inputs, (_, index) => hash32(seed, 'fold', index) % folds);
  const scores = new Float64Array(inputs.length);
  const labelled = countLabelled(labels);
  for (let fold = 0; fold < folds; fold++) {
    const trainingIndices: number[] = [];
    // Past maxTrainingItems, a seeded sample: the model stops improving long before, and the cost grows with every item.
    const keep = Math.min(1, maxTrainingItems / Math.max(1, labelled));
    for (let index = 0; index < inputs.length; index++) {
      if (foldOf[index] === fold || Number.isNaN(labels[index]!)) continue;
      if (keep < 1 && hash32(seed, 'sample', fold, index) / 4294967296 >= keep) continue;
      trainingIndices.push(index);
    }
    const examples = trainingIndices.map((index) => features[index]!);
    // The label is "the weak model failed": the score is the risk of keeping the item on it.
    const failed = Float64Array.from(trainingIndices, (index) => 1 - labels[index]!);
    const model = trainLogisticRegression(examples, failed, { seed: seed + fold });
    for (let index = 0; index < inputs.length; index++) {
      if (foldOf[index] === fold) scores[index] = model.predict(features[index]!);
    }
  }
  return scores;
}

/** Training items per model at most. */
export const maxTrainingItems = 25_000;

function countLabelled(labels: Float64Array): number {
  let count = 0;
  for (const label of labels) if (!Number.isNaN(label)) count++;
  return count;
}
