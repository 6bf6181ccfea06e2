import { hash32 } from '../util/hash.js';
import type { RoutingView } from '../types/index.js';

/** Hashed feature space: 2^16 buckets; the weights (256 KB as float32) stay in the cache while training. */
export const featureBuckets = 1 << 16;
const bucketMask = featureBuckets - 1;

/** A sparse feature vector: bucket indices and their values. */
export interface SparseFeatures {
  indices: Int32Array;
  values: Float64Array;
}

export interface FeatureInput {
  text: string;
  tags: string[];
  promptTokens: number;
}

/** The learned router is a router: its features come from the routing view, like every other router's decision. */
export function featureInputOf(view: RoutingView): FeatureInput {
  return { text: view.prompt, tags: view.tags, promptTokens: view.promptTokens };
}

const wordPattern = /[\p{L}\p{N}]+/gu;
const lengthBucket = hash32('length') & bucketMask;

/**
 * What the learned router sees of an item: prompt length (log tokens),
 * its tags, and hashed word unigrams and bigrams of the prompt, each
 * present once and the word part scaled to unit length. Bigrams are hashed
 * from their words' hashes, so no bigram string is ever built.
 */
export function extractFeatures(input: FeatureInput): SparseFeatures {
  const words = input.text.toLowerCase().match(wordPattern) ?? [];
  const buckets = new Int32Array(words.length * 2);
  let count = 0;
  let previous = 0;
  for (let index = 0; index < words.length; index++) {
    const word = hash32('w', words[index]!);
    buckets[count++] = word & bucketMask;
    if (index > 0) buckets[count++] = (Math.imul(previous ^ 0x9e3779b9, 0x85ebca6b) ^ word) & bucketMask;
    previous = word;
  }
  // Each bucket once: sort, then keep the distinct ones.
  const sorted = buckets.subarray(0, count).sort();
  let distinct = 0;
  for (let index = 0; index < sorted.length; index++) {
    if (index === 0 || sorted[index] !== sorted[index - 1]) sorted[distinct++] = sorted[index]!;
  }
  const wordWeight = distinct === 0 ? 0 : 1 / Math.sqrt(distinct);
  const indices = new Int32Array(distinct + input.tags.length + 1);
  const values = new Float64Array(indices.length);
  indices.set(sorted.subarray(0, distinct));
  values.fill(wordWeight, 0, distinct);
  input.tags.forEach((tag, position) => {
    indices[distinct + position] = hash32('t', tag) & bucketMask;
    values[distinct + position] = 1;
  });
  indices[indices.length - 1] = lengthBucket;
  values[values.length - 1] = Math.log1p(input.promptTokens) / 5;
  return { indices, values };
}
