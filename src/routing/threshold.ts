import { foldsOf, trainingIndices } from './cross-fitting.js';
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
  const foldOf = foldsOf(inputs.length, folds, seed);
  const scores = new Float64Array(inputs.length);
  for (let fold = 0; fold < folds; fold++) {
    const training = trainingIndices(foldOf, fold, labels, seed);
    const examples = training.map((index) => features[index]!);
    // The label is "the weak model failed": the score is the risk of keeping the item on it.
    const failed = Float64Array.from(training, (index) => 1 - labels[index]!);
    const model = trainLogisticRegression(examples, failed, { seed: seed + fold });
    for (let index = 0; index < inputs.length; index++) {
      if (foldOf[index] === fold) scores[index] = model.predict(features[index]!);
    }
  }
  return scores;
}
