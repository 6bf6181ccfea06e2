import type { SparseFeatures } from './features.js';
import { featureBuckets } from './features.js';

export interface TrainingOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per example and step. */
  l2?: number;
  seed: number;
}

/** A logistic regression over hashed sparse features. */
export interface LogisticModel {
  predict(features: SparseFeatures): number;
}

/**
 * Trains by stochastic gradient descent with a decaying step and L2, in a
 * seeded order: the same data and seed give the same model, in-process,
 * with no dependency.
 */
export function trainLogisticRegression(examples: SparseFeatures[], labels: ArrayLike<number>, options: TrainingOptions): LogisticModel {
  const weights = new Float32Array(featureBuckets);
  let bias = 0;
  const epochs = options.epochs ?? 4;
  const baseRate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-4;
  const order = Int32Array.from(examples.keys());
  let state = options.seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  // Start the bias at the base rate so that early steps learn differences, not the mean.
  let positives = 0;
  for (let index = 0; index < labels.length; index++) positives += labels[index]!;
  const share = Math.min(Math.max(positives / Math.max(1, labels.length), 1e-3), 1 - 1e-3);
  bias = Math.log(share / (1 - share));
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let index = order.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      const held = order[index]!;
      order[index] = order[other]!;
      order[other] = held;
    }
    for (const example of order) {
      const features = examples[example]!;
      const rate = baseRate / (1 + 0.01 * step++);
      const error = sigmoid(dot(weights, bias, features)) - labels[example]!;
      bias -= rate * error;
      for (let position = 0; position < features.indices.length; position++) {
        const bucket = features.indices[position]!;
        weights[bucket] = weights[bucket]! - rate * (error * features.values[position]! + l2 * weights[bucket]!);
      }
    }
  }
  return { predict: (features) => sigmoid(dot(weights, bias, features)) };
}

function dot(weights: Float32Array, bias: number, features: SparseFeatures): number {
  let total = bias;
  for (let position = 0; position < features.indices.length; position++) {
    total += weights[features.indices[position]!]! * features.values[position]!;
  }
  return total;
}

function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}
