/**
 * Items grouped by stratum, so a stratified resample can draw each stratum's
 * own size from its own members. Without strata every item is in stratum 0.
 */
export interface StrataLayout {
  itemCount: number;
  /** Item indices, stratum by stratum (in item order inside a stratum). */
  members: Int32Array;
  /** Stratum s holds members[offsets[s]] up to members[offsets[s + 1]]; length = stratum count + 1. */
  offsets: Int32Array;
  /** False when no strata were given: members is then the identity. */
  stratified: boolean;
}

export function strataLayout(itemCount: number, strata?: Int32Array): StrataLayout {
  if (!strata) {
    const members = new Int32Array(itemCount);
    for (let item = 0; item < itemCount; item++) members[item] = item;
    return { itemCount, members, offsets: Int32Array.of(0, itemCount), stratified: false };
  }
  if (strata.length !== itemCount) throw new RangeError(`strata has ${strata.length} entries for ${itemCount} items`);
  let stratumCount = 0;
  for (let item = 0; item < itemCount; item++) {
    const stratum = strata[item]!;
    if (stratum < 0) throw new RangeError(`stratum index must be non-negative, got ${stratum} at item ${item}`);
    if (stratum + 1 > stratumCount) stratumCount = stratum + 1;
  }
  // Counting sort: offsets from the stratum sizes, then place every item.
  const offsets = new Int32Array(stratumCount + 1);
  for (let item = 0; item < itemCount; item++) offsets[strata[item]! + 1]!++;
  for (let stratum = 0; stratum < stratumCount; stratum++) offsets[stratum + 1]! += offsets[stratum]!;
  const next = offsets.slice(0, stratumCount);
  const members = new Int32Array(itemCount);
  for (let item = 0; item < itemCount; item++) members[next[strata[item]!]!++] = item;
  return { itemCount, members, offsets, stratified: true };
}
