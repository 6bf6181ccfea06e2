import { describe, expect, it } from 'vitest';
import { choosePredicted, crossFittedPredictions, lambdaBreakpoints, type ModelPredictions } from './predictive.js';
import { foldsOf } from './cross-fitting.js';
import { NeighbourIndex, tfidfVectors } from './tfidf-neighbours.js';
import { parseRouterArgument } from '../suite/parse-router-argument.js';

const input = (text: string, tags: string[] = []) => ({ text, tags, promptTokens: 10 });

describe('TF-IDF vectors and their nearest neighbours', () => {
  it('weighs a term by ln((1 + n) / (1 + df)) + 1 and scales each vector to unit length', () => {
    // Three documents: "tax" in two, "lease" in one; document 0 is "tax lease".
    const [first] = tfidfVectors([input('tax lease'), input('tax'), input('patent')]);
    const tax = Math.log(4 / 3) + 1;
    const lease = Math.log(4 / 2) + 1;
    const norm = Math.hypot(tax, lease);
    const [low, high] = [...first!.weights].sort();
    expect(low).toBeCloseTo(tax / norm, 12);
    expect(high).toBeCloseTo(lease / norm, 12);
  });

  it('finds the items that share the rarest words first, ties to the earlier item, never the query itself', () => {
    const vectors = tfidfVectors([input('tax return due'), input('tax return filed'), input('lease ends'), input('tax return due'), input('tax return due'), input('lease ends', ['lease'])]);
    const index = new NeighbourIndex(vectors, [0, 1, 2, 3, 4, 5]);
    const near = index.nearest(0, 3);
    expect(near.indices).toEqual([3, 4, 1]);
    expect(near.similarities[0]).toBeCloseTo(1, 12);
    expect(index.nearest(2, 1).indices).toEqual([5]);
    // Only pool items are found.
    expect(new NeighbourIndex(vectors, [1, 2]).nearest(0, 3).indices).toEqual([1]);
  });
});

describe('choosing by predicted quality − lambda · cost', () => {
  const predictions: ModelPredictions = { quality: [Float64Array.of(0.9), Float64Array.of(0.6), Float64Array.of(0.6)], cost: [Float64Array.of(1), Float64Array.of(0.2), Float64Array.of(0.4)] };

  it('worked by hand: 0.9 − λ vs 0.6 − 0.2λ cross at λ = 0.375; the dearer equal one never wins', () => {
    expect(choosePredicted(predictions, 0, 0)).toBe(0);
    expect(choosePredicted(predictions, 0, 0.37)).toBe(0);
    expect(choosePredicted(predictions, 0, 0.38)).toBe(1);
    expect(choosePredicted(predictions, 0, 5)).toBe(1);
    // At λ = 0 models 1 and 2 tie on value with model 0 out of the way: the cheaper is chosen.
    const tied: ModelPredictions = { quality: [Float64Array.of(0.5), Float64Array.of(0.5)], cost: [Float64Array.of(0.4), Float64Array.of(0.2)] };
    expect(choosePredicted(tied, 0, 0)).toBe(1);
  });

  it('the default lambdas: 0, the midpoint of each pair of crossings, and past the last: one per distinct routing', () => {
    // Crossings: 0↔1 at 0.375, 0↔2 at 0.5, 1↔2 at 0 (not positive, not a breakpoint).
    const lambdas = lambdaBreakpoints(predictions, [0], 1001);
    expect(lambdas).toHaveLength(3);
    [0, 0.4375, 0.505 + 1e-9].forEach((value, index) => expect(lambdas[index]).toBeCloseTo(value, 12));
    expect(new Set(lambdas.map((lambda) => choosePredicted(predictions, 0, lambda)))).toEqual(new Set([0, 1]));
    expect(choosePredicted(predictions, 0, lambdas[lambdas.length - 1]!)).toBe(1);
  });

  it('offline, a model without an answer to the item is no candidate, and no crossing with it counts', () => {
    const gapped: ModelPredictions = { ...predictions, available: [Uint8Array.of(0), Uint8Array.of(1), Uint8Array.of(1)] };
    expect(choosePredicted(gapped, 0, 0)).toBe(1);
    // Only 1↔2 is left, which crosses at 0: nothing past the start.
    expect(lambdaBreakpoints(gapped, [0], 1001)).toEqual([0]);
    expect(choosePredicted({ ...predictions, available: [Uint8Array.of(0), Uint8Array.of(0), Uint8Array.of(0)] }, 0, 0)).toBe(0);
  });

  it('thins many crossings to quantiles: at most `most` lambdas, the first and the last crossing kept', () => {
    const count = 50;
    const many: ModelPredictions = { quality: [Float64Array.from({ length: count }, (_, item) => 0.5 + item / 100), Float64Array.from({ length: count }, () => 0.5)], cost: [Float64Array.from({ length: count }, () => 1), Float64Array.from({ length: count }, () => 0)] };
    // Item i crosses at (i / 100) / 1: 0.01 … 0.49 (item 0 ties, at 0).
    const lambdas = lambdaBreakpoints(many, Array.from({ length: count }, (_, item) => item), 11);
    expect(lambdas).toHaveLength(11);
    expect(lambdas[lambdas.length - 1]).toBeCloseTo(0.49 * 1.01, 6);
    expect(lambdas[1]).toBeGreaterThan(0.01);
  });
});

describe('cross-fitted predictions', () => {
  const prompts = Array.from({ length: 200 }, (_, index) => input(`${index % 2 === 0 ? 'tax' : 'lease'} question ${index}`));
  const labels = [Float64Array.from(prompts, (_, index) => (index % 2 === 0 ? 1 : 0)), Float64Array.from(prompts, (_, index) => (index % 2 === 0 ? 0 : 1))];
  const costs = [Float64Array.from(prompts, () => 2), Float64Array.from(prompts, () => 1)];

  it.each(['ngram', 'knn'] as const)('%s: learns which model passes which kind of item, and the costs relative to the dearest', (features) => {
    const predictions = crossFittedPredictions(prompts, labels, costs, { folds: 5, seed: 3, features, neighbours: 10 });
    for (let index = 0; index < 200; index++) {
      expect(choosePredicted(predictions, index, 0), `item ${index}`).toBe(index % 2 === 0 ? 0 : 1);
      expect(predictions.cost[0]![index]).toBe(1);
      expect(predictions.cost[1]![index]).toBe(0.5);
    }
  });

  it.each(['ngram', 'knn'] as const)('%s: an item\'s own grade never reaches its prediction (only items of other folds move)', (features) => {
    const options = { folds: 5, seed: 3, features, neighbours: 10 };
    const before = crossFittedPredictions(prompts, labels, costs, options);
    const flipped = labels.map((column) => Float64Array.from(column));
    flipped[0]![0] = 1 - flipped[0]![0]!;
    const after = crossFittedPredictions(prompts, flipped, costs, options);
    const foldOf = foldsOf(200, 5, 3);
    expect(after.quality[0]![0]).toBe(before.quality[0]![0]);
    for (let index = 1; index < 200; index++) if (foldOf[index] === foldOf[0]) expect(after.quality[0]![index]).toBe(before.quality[0]![index]);
    expect([...after.quality[0]!].some((value, index) => value !== before.quality[0]![index])).toBe(true);
  });
});

describe('router: predictive in a suite', () => {
  const context = { modelNames: ['big', 'mid', 'small'], frontier: 'big', seed: 0, baseDir: process.cwd(), referenceFields: [] };

  it('defaults to every model, lambda 0.1, n-gram features and five folds', () => {
    expect(parseRouterArgument('{ router: predictive }', 'p', context)).toEqual({ name: 'p', kind: 'predictive', models: ['big', 'mid', 'small'], lambda: 0.1, features: 'ngram', neighbours: 10, folds: 5, seed: undefined });
    expect(parseRouterArgument('{ router: predictive, models: [small, big], features: knn, neighbours: 25, lambda: 0.5 }', 'p', context))
      .toMatchObject({ models: ['small', 'big'], features: 'knn', neighbours: 25, lambda: 0.5 });
  });

  it.each([
    ['{ router: predictive, models: [big] }', /models/],
    ['{ router: predictive, features: bert }', /features/],
    ['{ router: predictive, neighbours: 5 }', /features: knn/],
    ['{ router: predictive, lambda: -1 }', /lambda/],
    ['{ router: predictive, models: [big, huge] }', /huge/],
  ])('refuses %s', (argument, message) => {
    expect(() => parseRouterArgument(argument, 'p', context)).toThrow(message);
  });
});
