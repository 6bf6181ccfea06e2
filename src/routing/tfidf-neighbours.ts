import type { FeatureInput } from './features.js';

/** A TF-IDF vector: term ids ascending and their weights, of unit length. */
export interface TermVector {
  terms: Int32Array;
  weights: Float64Array;
}

const wordPattern = /[\p{L}\p{N}]+/gu;

/**
 * TF-IDF vectors of the items' prompts (words, lowercased) and tags, with the
 * smoothed inverse document frequency idf(t) = ln((1 + n) / (1 + df(t))) + 1
 * (Salton & Buckley 1988's weighting, smoothed as scikit-learn's default) and
 * unit length. The frequencies are counted over the prompts only, never a
 * grade or an answer, so every fold may share them.
 */
export function tfidfVectors(inputs: readonly FeatureInput[]): TermVector[] {
  const ids = new Map<string, number>();
  const counted = inputs.map((input) => {
    const counts = new Map<number, number>();
    const add = (term: string) => {
      let id = ids.get(term);
      if (id === undefined) ids.set(term, (id = ids.size));
      counts.set(id, (counts.get(id) ?? 0) + 1);
    };
    for (const word of input.text.toLowerCase().match(wordPattern) ?? []) add(`w:${word}`);
    for (const tag of input.tags) add(`t:${tag}`);
    return counts;
  });
  const documentFrequency = new Float64Array(ids.size);
  for (const counts of counted) for (const id of counts.keys()) documentFrequency[id]!++;
  const idf = Float64Array.from(documentFrequency, (df) => Math.log((1 + inputs.length) / (1 + df)) + 1);
  return counted.map((counts) => {
    const terms = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const weights = Float64Array.from(terms, (id) => counts.get(id)! * idf[id]!);
    let norm = 0;
    for (const weight of weights) norm += weight * weight;
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    for (let index = 0; index < weights.length; index++) weights[index]! *= scale;
    return { terms, weights };
  });
}

/** The nearest items found for one query: their indices and cosine similarities, nearest first. */
export interface Neighbours {
  indices: number[];
  similarities: number[];
}

/**
 * Finds the k nearest pool items of each query by cosine similarity through
 * an inverted index of the pool: a query touches only the pool items that
 * share a term with it. Ties go to the earlier pool item, so the result does
 * not depend on anything but the inputs.
 */
export class NeighbourIndex {
  private readonly postings = new Map<number, { items: number[]; weights: number[] }>();
  private readonly scores: Float64Array;
  private readonly touched: number[] = [];

  constructor(private readonly vectors: readonly TermVector[], private readonly pool: readonly number[]) {
    for (const item of pool) {
      const { terms, weights } = vectors[item]!;
      for (let position = 0; position < terms.length; position++) {
        let list = this.postings.get(terms[position]!);
        if (!list) this.postings.set(terms[position]!, (list = { items: [], weights: [] }));
        list.items.push(item);
        list.weights.push(weights[position]!);
      }
    }
    this.scores = new Float64Array(vectors.length);
  }

  nearest(query: number, k: number): Neighbours {
    const { terms, weights } = this.vectors[query]!;
    for (let position = 0; position < terms.length; position++) {
      const list = this.postings.get(terms[position]!);
      if (!list) continue;
      for (let entry = 0; entry < list.items.length; entry++) {
        const item = list.items[entry]!;
        if (this.scores[item] === 0) this.touched.push(item);
        this.scores[item]! += weights[position]! * list.weights[entry]!;
      }
    }
    const best: Neighbours = { indices: [], similarities: [] };
    for (const item of this.touched) {
      const similarity = this.scores[item]!;
      this.scores[item] = 0;
      if (item === query || similarity <= 0) continue;
      insertTopK(best, item, similarity, k);
    }
    this.touched.length = 0;
    return best;
  }
}

function insertTopK(best: Neighbours, item: number, similarity: number, k: number): void {
  const { indices, similarities } = best;
  if (indices.length === k && (similarity < similarities[k - 1]! || (similarity === similarities[k - 1]! && item > indices[k - 1]!))) return;
  let position = indices.length;
  while (position > 0 && (similarities[position - 1]! < similarity || (similarities[position - 1] === similarity && indices[position - 1]! > item))) position--;
  indices.splice(position, 0, item);
  similarities.splice(position, 0, similarity);
  if (indices.length > k) {
    indices.pop();
    similarities.pop();
  }
}
