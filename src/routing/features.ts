import { finishHash32, hash32 } from '../util/hash.js';
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
  const buckets = asciiOnly.test(input.text) ? asciiWordBuckets(input.text) : wordBuckets(input.text);
  return featuresOf(buckets, input);
}

const asciiOnly = /^[\x00-\x7f]*$/;

/** Unigram and bigram buckets of the words, in order: the general path, for any text. */
function wordBuckets(text: string): Int32Array {
  const words = text.toLowerCase().match(wordPattern) ?? [];
  const buckets = new Int32Array(words.length * 2);
  let count = 0;
  let previous = 0;
  for (let index = 0; index < words.length; index++) {
    const word = hash32('w', words[index]!);
    buckets[count++] = word & bucketMask;
    if (index > 0) buckets[count++] = bigramBucket(previous, word);
    previous = word;
  }
  return buckets.subarray(0, count);
}

/**
 * The same buckets for ASCII text, where a word is a run of [A-Za-z0-9]
 * (what \p{L} and \p{N} match below 128), lowercased and hashed as it is
 * scanned: no lowercased copy, no word strings. Tested equal to the general path.
 */
function asciiWordBuckets(text: string): Int32Array {
  if (scratch.length < text.length + 1) scratch = new Int32Array(Math.max(text.length + 1, 2 * scratch.length));
  const buckets = scratch;
  let count = 0;
  let previous = 0;
  let words = 0;
  let hash = 0;
  let inWord = false;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? wordCharacter[text.charCodeAt(index)]! : 0;
    if (code !== 0) {
      if (!inWord) {
        hash = wordHashStart;
        inWord = true;
      }
      hash = Math.imul(hash ^ code, 0x01000193);
    } else if (inWord) {
      inWord = false;
      const word = finishHash32(Math.imul(hash ^ 0x1f, 0x01000193));
      buckets[count++] = word & bucketMask;
      if (words++ > 0) buckets[count++] = bigramBucket(previous, word);
      previous = word;
    }
  }
  return buckets.subarray(0, count);
}

/** Per ASCII code: the lowercased character when it is part of a word (a letter or a digit), else 0. */
const wordCharacter = Uint8Array.from({ length: 128 }, (_, code) => {
  if (code >= 65 && code <= 90) return code + 32;
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? code : 0;
});

/** The buckets of the text being read: one buffer reused, as a typed array per item cost more than the hashing. */
let scratch = new Int32Array(4096);

/** hash32's state after the part 'w' (see util/hash.ts): each word is hashed as hash32('w', word). */
const wordHashStart = Math.imul(Math.imul(0x811c9dc5 ^ 0x77, 0x01000193) ^ 0x1f, 0x01000193);

function bigramBucket(previous: number, word: number): number {
  return (Math.imul(previous ^ 0x9e3779b9, 0x85ebca6b) ^ word) & bucketMask;
}

function featuresOf(buckets: Int32Array, input: FeatureInput): SparseFeatures {
  // Each bucket once: sort, then keep the distinct ones.
  const sorted = sortInPlace(buckets);
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

/** Ascending; an insertion sort for the few buckets of a short prompt, where the built-in sort's call costs more. */
function sortInPlace(values: Int32Array): Int32Array {
  if (values.length > 64) return values.sort();
  for (let index = 1; index < values.length; index++) {
    const value = values[index]!;
    let position = index - 1;
    while (position >= 0 && values[position]! > value) {
      values[position + 1] = values[position]!;
      position--;
    }
    values[position + 1] = value;
  }
  return values;
}
