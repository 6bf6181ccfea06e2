import type { ItemDigest, ItemResultCounts } from '../types/index.js';

/** How two runs' items relate: by id, then by the hash of each item's content and of its checks. */
export interface ItemComparison {
  /** Same id, same content: what the regression criteria are judged on. */
  shared: number;
  /** Ids only this run has. */
  added: number;
  /** Ids only the baseline has. */
  removed: number;
  /** Same id, other content: neither shared nor new, and left out. */
  changed: number;
  /** Shared items graded by other checks than in the baseline: their grades do not compare. */
  checksChanged: number;
  /** Shared items whose checks one run did not record (stored before runs recorded their suite's checks). */
  checksUnknown: number;
  /** shared / every item either run holds (shared + added + removed + changed): 1 for one suite run twice. */
  sharedShare: number;
  sharedIds: Set<string>;
}

export function compareItems(current: ItemDigest, baseline: ItemDigest): ItemComparison {
  const before = new Map(baseline.rows.map((row) => [row.id, row]));
  const sharedIds = new Set<string>();
  let added = 0;
  let changed = 0;
  let checksChanged = 0;
  let checksUnknown = 0;
  for (const row of current.rows) {
    const previous = before.get(row.id);
    if (!previous) added++;
    else if (previous.content !== row.content) changed++;
    else {
      sharedIds.add(row.id);
      if (row.checks === null || previous.checks === null) checksUnknown++;
      else if (row.checks !== previous.checks) checksChanged++;
    }
  }
  const currentIds = new Set(current.rows.map((row) => row.id));
  const removed = [...before.keys()].filter((id) => !currentIds.has(id)).length;
  const shared = sharedIds.size;
  const union = shared + added + removed + changed;
  return { shared, added, removed, changed, checksChanged, checksUnknown, sharedShare: union === 0 ? 0 : shared / union, sharedIds };
}

/** A configuration's pass rate and cost per answer given, over some items. */
export interface ConfigurationTotals {
  name: string;
  passRate: number | null;
  costPerItemUsd: number | null;
}

/**
 * Every configuration's totals over the given items, summed as the report
 * sums them (passes over graded answers, cost over answers given), so over
 * all of a run's items they equal its report's `passRate` and `costPerItemUsd`.
 */
export function totalsOver(digest: ItemDigest, itemIds: Set<string>): ConfigurationTotals[] {
  const sums = new Map<string, ItemResultCounts>();
  for (const row of digest.rows) {
    if (!itemIds.has(row.id)) continue;
    for (const [name, [graded, passes, answered, answeredCostUsd]] of Object.entries(row.results)) {
      const sum = sums.get(name) ?? [0, 0, 0, 0];
      sums.set(name, [sum[0] + graded, sum[1] + passes, sum[2] + answered, sum[3] + answeredCostUsd]);
    }
  }
  return [...sums].map(([name, [graded, passes, answered, answeredCostUsd]]) => ({
    name,
    passRate: graded === 0 ? null : passes / graded,
    costPerItemUsd: answered === 0 ? null : answeredCostUsd / answered,
  }));
}
