import type { LoadedSuite } from '../types/index.js';
import { hash32 } from '../util/hash.js';

export interface SampleRequest {
  /** How many items. */
  size: number;
  /** Allocate the sample across the items' first tags in proportion to their counts. */
  stratify: boolean;
}

/**
 * The ids of a seeded random sample of the suite's items: each item gets a
 * key from the seed and its id, and the smallest keys are taken. The same
 * seed and suite give the same sample on every machine and on a resume,
 * whatever the dataset's order. Stratified, each first tag (no tag is a
 * stratum of its own) gets its proportional share, rounded by largest
 * remainder so the shares sum to `size`. One pass holds the ids, not the items.
 */
export function chooseSample(suite: LoadedSuite, request: SampleRequest, seed: number): Set<string> {
  const strata = new Map<string, Array<{ id: string; key: number }>>();
  let total = 0;
  for (const item of suite.iterateItems()) {
    const stratum = request.stratify ? (item.tags[0] ?? '') : '';
    let members = strata.get(stratum);
    if (!members) strata.set(stratum, (members = []));
    members.push({ id: item.id, key: hash32('sample', seed, item.id) });
    total++;
  }
  const size = Math.min(request.size, total);
  const names = [...strata.keys()].sort();
  const exact = names.map((name) => (strata.get(name)!.length * size) / total);
  const shares = exact.map(Math.floor);
  let left = size - shares.reduce((sum, share) => sum + share, 0);
  const byRemainder = names.map((_, index) => index).sort((a, b) => exact[b]! - shares[b]! - (exact[a]! - shares[a]!) || a - b);
  for (const index of byRemainder) {
    if (left === 0) break;
    shares[index]!++;
    left--;
  }
  const chosen = new Set<string>();
  names.forEach((name, index) => {
    const members = strata.get(name)!.sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : 1));
    for (const member of members.slice(0, shares[index])) chosen.add(member.id);
  });
  return chosen;
}
