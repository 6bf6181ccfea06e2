import { foldsOf, trainingIndices } from './cross-fitting.js';
import { extractFeatures, type FeatureInput } from './features.js';
import { trainLogisticRegression } from './logistic-regression.js';
import { NeighbourIndex, tfidfVectors } from './tfidf-neighbours.js';

export interface PredictionOptions {
  folds: number;
  seed: number;
  features: 'ngram' | 'knn';
  /** Neighbours of the `knn` predictor. */
  neighbours: number;
}

/** What the predictive router knows of each item: per model (in order), per item. */
export interface ModelPredictions {
  /** Predicted quality (chance of a pass), from a predictor trained on the other folds only. */
  quality: Float64Array[];
  /**
   * Expected cost: the model's mean cost per item on the other folds, in units
   * of the dearest model's mean there, so lambda reads the same whatever the prices.
   */
  cost: Float64Array[];
  /**
   * Per model, 1 where it has an answer to the item (graded or not): the data's coverage, not its
   * grade. Absent: every model is available everywhere.
   */
  available?: Uint8Array[];
}

/** Pool items a `knn` query searches at most per fold: a seeded sample past it. */
const maxNeighbourPool = 10_000;

/**
 * Cross-fitted predictions for N models: items are split into folds, and the
 * items of each fold are predicted by predictors trained on the others, so no
 * item is scored by a predictor that saw its grade. `labels[m][i]` is model
 * m's quality on item i (NaN: ungraded, never trained on), `costs[m][i]` what
 * its answer cost (NaN: none). The router sees the item's view, never them.
 */
export function crossFittedPredictions(inputs: readonly FeatureInput[], labels: readonly Float64Array[], costs: readonly Float64Array[], options: PredictionOptions): ModelPredictions {
  const foldOf = foldsOf(inputs.length, options.folds, options.seed);
  const quality = labels.map(() => new Float64Array(inputs.length));
  const cost = labels.map(() => new Float64Array(inputs.length));
  const predictFold = options.features === 'knn' ? neighbourPredictor(inputs, labels, foldOf, options) : ngramPredictor(inputs, labels, foldOf, options);
  for (let fold = 0; fold < options.folds; fold++) {
    const members: number[] = [];
    for (let index = 0; index < inputs.length; index++) if (foldOf[index] === fold) members.push(index);
    predictFold(fold, members, quality);
    const means = costs.map((column) => meanOutsideFold(column, foldOf, fold));
    const dearest = Math.max(...means.filter(Number.isFinite), 0);
    means.forEach((mean, model) => {
      const scaled = dearest > 0 && Number.isFinite(mean) ? mean / dearest : 0;
      for (const index of members) cost[model]![index] = scaled;
    });
  }
  return { quality, cost };
}

type FoldPredictor = (fold: number, members: number[], quality: Float64Array[]) => void;

/** Per model a logistic regression on the hashed n-grams the threshold router uses. */
function ngramPredictor(inputs: readonly FeatureInput[], labels: readonly Float64Array[], foldOf: Int32Array, options: PredictionOptions): FoldPredictor {
  const features = inputs.map(extractFeatures);
  return (fold, members, quality) => {
    labels.forEach((column, model) => {
      const training = trainingIndices(foldOf, fold, column, options.seed + model);
      const predictor = trainLogisticRegression(training.map((index) => features[index]!), Float64Array.from(training, (index) => column[index]!),
        { seed: options.seed + fold });
      for (const index of members) quality[model]![index] = predictor.predict(features[index]!);
    });
  };
}

/**
 * The k nearest training items by TF-IDF cosine, their grades weighted by
 * similarity and shrunk toward the model's mean on the training folds (one
 * pseudo-neighbour of similarity 1), so an item with no near neighbour gets
 * the mean, not a guess from one far item.
 */
function neighbourPredictor(inputs: readonly FeatureInput[], labels: readonly Float64Array[], foldOf: Int32Array, options: PredictionOptions): FoldPredictor {
  const vectors = tfidfVectors(inputs);
  const anyLabel = Float64Array.from(inputs, (_, index) => (labels.some((column) => !Number.isNaN(column[index]!)) ? 1 : Number.NaN));
  return (fold, members, quality) => {
    const pool = trainingIndices(foldOf, fold, anyLabel, options.seed, maxNeighbourPool);
    const index = new NeighbourIndex(vectors, pool);
    const priors = labels.map((column) => {
      let total = 0;
      let count = 0;
      for (const item of pool) {
        if (Number.isNaN(column[item]!)) continue;
        total += column[item]!;
        count++;
      }
      return count === 0 ? 0.5 : total / count;
    });
    for (const item of members) {
      const near = index.nearest(item, options.neighbours);
      labels.forEach((column, model) => {
        let weighted = priors[model]!;
        let weight = 1;
        near.indices.forEach((neighbour, position) => {
          if (Number.isNaN(column[neighbour]!)) return;
          weighted += near.similarities[position]! * column[neighbour]!;
          weight += near.similarities[position]!;
        });
        quality[model]![item] = weighted / weight;
      });
    }
  };
}

function meanOutsideFold(column: Float64Array, foldOf: Int32Array, fold: number): number {
  let total = 0;
  let count = 0;
  for (let index = 0; index < column.length; index++) {
    if (foldOf[index] === fold || Number.isNaN(column[index]!)) continue;
    total += column[index]!;
    count++;
  }
  return count === 0 ? Number.NaN : total / count;
}

/**
 * The model an item goes to: the highest predicted quality − lambda · expected
 * cost; among ties the cheaper, then the earlier in the list. Offline, only
 * models with an answer to the item are candidates (a public dataset that
 * lacks a model's answers has no answer to send it to), as for the oracle.
 */
export function choosePredicted(predictions: ModelPredictions, item: number, lambda: number): number {
  let chosen = -1;
  let best = -Infinity;
  for (let model = 0; model < predictions.quality.length; model++) {
    if (!isAvailable(predictions, model, item)) continue;
    const value = predictions.quality[model]![item]! - lambda * predictions.cost[model]![item]!;
    if (chosen === -1 || value > best || (value === best && predictions.cost[model]![item]! < predictions.cost[chosen]![item]!)) {
      best = value;
      chosen = model;
    }
  }
  // No model has an answer: the first, whose gap the results then show.
  return chosen === -1 ? 0 : chosen;
}

/**
 * A lambda inside every interval between the lambdas at which some item's
 * choice changes, where two models' values cross: (q_a − q_b) / (c_a − c_b)
 * > 0. A sweep over them traces the whole curve, one point per distinct
 * routing: 0 (the best predicted model for every item), the midpoint of
 * each pair of consecutive crossings, and past the last (the cheapest model
 * for every item). Past `most` settings, the crossings are thinned to
 * quantiles first. Models without an answer to an item take no part in it.
 */
export function lambdaBreakpoints(predictions: ModelPredictions, items: readonly number[], most: number): number[] {
  const crossings: number[] = [];
  const models = predictions.quality.length;
  for (const item of items) {
    for (let a = 0; a < models; a++) {
      if (!isAvailable(predictions, a, item)) continue;
      for (let b = a + 1; b < models; b++) {
        if (!isAvailable(predictions, b, item)) continue;
        const costGap = predictions.cost[a]![item]! - predictions.cost[b]![item]!;
        if (costGap === 0) continue;
        const crossing = (predictions.quality[a]![item]! - predictions.quality[b]![item]!) / costGap;
        if (crossing > 0 && Number.isFinite(crossing)) crossings.push(crossing);
      }
    }
  }
  crossings.sort((a, b) => a - b);
  const distinct = crossings.filter((value, index) => index === 0 || value !== crossings[index - 1]);
  const inner = Math.max(1, most - 1);
  const picked = distinct.length <= inner ? distinct : Array.from({ length: inner }, (_, index) => distinct[Math.floor((index * (distinct.length - 1)) / (inner - 1 || 1))]!);
  const lambdas = [0];
  for (let index = 0; index + 1 < picked.length; index++) lambdas.push((picked[index]! + picked[index + 1]!) / 2);
  if (picked.length > 0) lambdas.push(picked[picked.length - 1]! * 1.01 + 1e-9);
  return [...new Set(lambdas)];
}

function isAvailable(predictions: ModelPredictions, model: number, item: number): boolean {
  return predictions.available ? predictions.available[model]![item] === 1 : true;
}
