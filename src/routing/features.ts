import { hash32 } from '../util/hash.js';

/** Hashed feature space: 2^18 buckets keeps collisions rare for the vocabularies of a suite. */
export const featureBuckets = 1 << 18;

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

/**
 * What the learned router sees of an item: prompt length (log tokens),
 * its tags, and hashed word unigrams and bigrams of the prompt, each
 * present word counted once and the vector scaled to unit length.
 */
export function extractFeatures(input: FeatureInput): SparseFeatures {
  const weights = new Map<number, number>();
  const add = (bucket: number, value: number) => weights.set(bucket, (weights.get(bucket) ?? 0) + value);
  const words = input.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const seen = new Set<string>();
  for (let index = 0; index < words.length; index++) {
    const unigram = words[index]!;
    if (!seen.has(unigram)) {
      seen.add(unigram);
      add(hash32('w', unigram) % featureBuckets, 1);
    }
    if (index + 1 < words.length) {
      const bigram = `${unigram} ${words[index + 1]}`;
      if (!seen.has(bigram)) {
        seen.add(bigram);
        add(hash32('b', bigram) % featureBuckets, 1);
      }
    }
  }
  let norm = 0;
  for (const value of weights.values()) norm += value * value;
  const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  for (const [bucket, value] of weights) weights.set(bucket, value * scale);
  for (const tag of input.tags) add(hash32('t', tag) % featureBuckets, 1);
  add(hash32('length') % featureBuckets, Math.log1p(input.promptTokens) / 5);
  const indices = Int32Array.from(weights.keys());
  const values = Float64Array.from(weights.values());
  return { indices, values };
}
