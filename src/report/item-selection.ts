import { hash32 } from '../util/hash.js';
import type { ItemOutcomeIndex, StoredStatus } from '../store/read-item-records.js';
import type { Preference } from '../types/index.js';

/**
 * Which items the explorer shows, and in what order: for each configuration
 * against the baseline, the items it lost (the baseline passed, it failed)
 * and won (the reverse) first, then the rest. Pure: a function of the
 * statuses of the first sample of each item.
 */

/** `lost` and `won` against the baseline; otherwise the configuration's own status. */
export type ItemOutcome = 'lost' | 'won' | StoredStatus;

/** What `--outcome` and the page's outcome filter take: `fail` is every fail, the lost ones included. */
export const outcomeFilters = ['lost', 'won', 'fail', 'error'] as const;
export type OutcomeFilter = (typeof outcomeFilters)[number];

/** With a pairwise check the judgement decides: a win is won, a loss lost, whatever the pass rates (the reference ties with itself). */
export function outcomeOf(baseline: StoredStatus | null, status: StoredStatus, preference?: Preference | null): ItemOutcome {
  if (preference === 'win') return 'won';
  if (preference === 'loss') return 'lost';
  if (baseline === 'pass' && status === 'fail') return 'lost';
  if (baseline === 'fail' && status === 'pass') return 'won';
  return status;
}

export function matchesOutcome(outcome: ItemOutcome, filter: OutcomeFilter): boolean {
  return outcome === filter || (filter === 'fail' && outcome === 'lost');
}

/** One row of the explorer: an item as one configuration did it. */
export interface ItemRowKey {
  configuration: string;
  /** Into `ItemOutcomeIndex.items`. */
  itemIndex: number;
  outcome: ItemOutcome;
}

export interface ConfigurationOutcomes {
  name: string;
  /** Items it has a result for. */
  items: number;
  lost: number;
  won: number;
  /** Results that failed, the lost ones included; could not be graded; replay gaps. */
  fail: number;
  error: number;
  skipped: number;
}

export interface ClassifiedItems {
  baseline: string;
  configurations: ConfigurationOutcomes[];
  /** Per configuration: lost, then won, then the rest, each in dataset order. */
  rows: Map<string, ItemRowKey[]>;
}

/** Every configuration but the baseline, the routed ones first, each item it has a result for, classified and ordered. */
export function classifyItems(index: ItemOutcomeIndex, baseline: string): ClassifiedItems {
  const baselineStatuses = index.statuses.get(baseline);
  const configurations: ConfigurationOutcomes[] = [];
  const rows = new Map<string, ItemRowKey[]>();
  // The routed configurations first: they are what a reader is deciding on; the fixed ones after, as the suite lists them.
  const ordered = [...index.configurations.filter((each) => each.kind !== 'fixed'), ...index.configurations.filter((each) => each.kind === 'fixed')];
  for (const { name } of ordered) {
    if (name === baseline) continue;
    const counts: ConfigurationOutcomes = { name, items: 0, lost: 0, won: 0, fail: 0, error: 0, skipped: 0 };
    const lost: ItemRowKey[] = [];
    const won: ItemRowKey[] = [];
    const rest: ItemRowKey[] = [];
    index.statuses.get(name)!.forEach((status, itemIndex) => {
      if (status === null) return;
      const outcome = outcomeOf(baselineStatuses?.[itemIndex] ?? null, status, index.preferences?.get(name)?.[itemIndex]);
      const row = { configuration: name, itemIndex, outcome };
      counts.items++;
      if (status === 'fail') counts.fail++;
      else if (status === 'error') counts.error++;
      else if (status === 'skipped') counts.skipped++;
      if (outcome === 'lost') {
        counts.lost++;
        lost.push(row);
      } else if (outcome === 'won') {
        counts.won++;
        won.push(row);
      } else rest.push(row);
    });
    configurations.push(counts);
    rows.set(name, [...lost, ...won, ...rest]);
  }
  return { baseline, configurations, rows };
}

/**
 * At most `limit` rows of one configuration for a page: the lost and the
 * won first, then a seeded sample of the rest (the same seed draws the same
 * items), kept in dataset order.
 */
export function chooseForPage(rows: readonly ItemRowKey[], limit: number, seed: number, index: ItemOutcomeIndex): ItemRowKey[] {
  const differing = rows.filter((row) => row.outcome === 'lost' || row.outcome === 'won');
  if (differing.length >= limit) return differing.slice(0, limit);
  const rest = rows.filter((row) => row.outcome !== 'lost' && row.outcome !== 'won');
  const room = limit - differing.length;
  if (rest.length <= room) return [...differing, ...rest];
  const drawn = rest
    .map((row) => ({ row, draw: hash32(seed, 'item-explorer', row.configuration, index.items[row.itemIndex]!.itemId) }))
    .sort((a, b) => a.draw - b.draw || a.row.itemIndex - b.row.itemIndex)
    .slice(0, room)
    .map(({ row }) => row)
    .sort((a, b) => a.itemIndex - b.itemIndex);
  return [...differing, ...drawn];
}
