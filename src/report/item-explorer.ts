import { UsageError } from '../errors.js';
import type { RunRecord } from '../types/index.js';
import { closestName } from '../util/did-you-mean.js';
import { compileTemplate } from '../util/template.js';
import { readItemOutcomeIndex, readItemRecords, type ItemOutcomeIndex, type StoredItemRecord, type StoredItemResult } from '../store/read-item-records.js';
import type { SqliteDatabase } from '../store/open-database.js';
import { readRunRecord } from '../store/read-run.js';
import { itemPrompt } from '../util/conversation.js';
import { chooseForPage, classifyItems, matchesOutcome, type ClassifiedItems, type ConfigurationOutcomes, type ItemOutcome, type ItemRowKey,
  type OutcomeFilter } from './item-selection.js';

/**
 * The item explorer's document: per configuration against the baseline, the
 * items whose outcome differs and then the rest, each with what was asked,
 * the reference and every answer used, graded. The HTML report embeds a
 * bounded page of it; `route-bench items` prints all of it.
 */

export type ExplorerResult = Omit<StoredItemResult, 'output'>;

export interface ExplorerRow {
  configuration: string;
  itemId: string;
  outcome: ItemOutcome;
  tags: string[];
  /** The task prompt, rendered again from the stored template and the item's fields. */
  prompt: string;
  promptTokens: number;
  /** `expected` and the reference fields, as text; null when the item has none. */
  reference: string | null;
  /** The baseline's result for the item; null when it has none. */
  baseline: ExplorerResult | null;
  result: ExplorerResult;
}

export interface ExplorerConfiguration extends ConfigurationOutcomes {
  /** Rows of it the page holds. */
  shown: number;
}

export interface ItemExplorer {
  runId: number;
  baseline: string;
  /** Runs with --repeat: only each item's first sample is compared. */
  repeat: number;
  /** The most rows of one configuration a page holds. */
  perConfiguration: number;
  configurations: ExplorerConfiguration[];
  tags: string[];
  rows: ExplorerRow[];
}

/** Rows of one configuration the HTML report embeds at most. */
export const defaultRowsPerConfiguration = 200;

/** The page the HTML report embeds: at most `perConfiguration` rows of each configuration, lost and won first, then a seeded sample. */
export function explorerOfStoredRun(database: SqliteDatabase, runId: number, perConfiguration = defaultRowsPerConfiguration): ItemExplorer {
  const run = readRunRecord(database, runId);
  const index = readItemOutcomeIndex(database, runId);
  const classified = classifyItems(index, run.baseline);
  const chosen = new Map([...classified.rows].map(([name, rows]) => [name, chooseForPage(rows, perConfiguration, run.seed, index)]));
  const keys = [...chosen.values()].flat();
  return {
    runId,
    baseline: run.baseline,
    repeat: run.repeat,
    perConfiguration,
    configurations: classified.configurations.map((counts) => ({ ...counts, shown: chosen.get(counts.name)!.length })),
    tags: tagsOf(index),
    rows: [...explorerRows(database, run, index, keys)],
  };
}

export interface ItemFilters {
  configuration?: string;
  outcome?: OutcomeFilter;
  tag?: string;
  limit?: number;
}

export interface ItemSelection {
  run: RunRecord;
  classified: ClassifiedItems;
  /** The rows that pass the filters, before the limit. */
  matching: number;
  keys: ItemRowKey[];
  index: ItemOutcomeIndex;
}

/** The rows `route-bench items` prints: every configuration's (or one's), filtered, lost and won first; a name or tag the run lacks is a usage error. */
export function selectItems(database: SqliteDatabase, runId: number, filters: ItemFilters): ItemSelection {
  const run = readRunRecord(database, runId);
  const index = readItemOutcomeIndex(database, runId);
  const classified = classifyItems(index, run.baseline);
  if (filters.configuration !== undefined && !classified.rows.has(filters.configuration)) {
    const others = [...classified.rows.keys()];
    if (filters.configuration === run.baseline) {
      throw new UsageError(`--configuration: ${run.baseline} is the baseline, which the other configurations are compared with; choose one of ${others.join(', ') || '(none: the run has no other configuration)'}`);
    }
    const near = closestName(filters.configuration, others);
    throw new UsageError(`--configuration: run ${runId} has no configuration "${filters.configuration}"${near ? ` (did you mean "${near}"?)` : ''}; it has ${others.join(', ') || 'only the baseline'}`);
  }
  if (filters.tag !== undefined && !index.items.some((item) => item.tags.includes(filters.tag!))) {
    const tags = tagsOf(index);
    const near = closestName(filters.tag, tags);
    throw new UsageError(`--tag: no item of run ${runId} has the tag "${filters.tag}"${near ? ` (did you mean "${near}"?)` : ''}; its tags: ${tags.join(', ') || '(none)'}`);
  }
  const keys: ItemRowKey[] = [];
  for (const [name, rows] of classified.rows) {
    if (filters.configuration !== undefined && name !== filters.configuration) continue;
    for (const row of rows) {
      if (filters.outcome !== undefined && !matchesOutcome(row.outcome, filters.outcome)) continue;
      if (filters.tag !== undefined && !index.items[row.itemIndex]!.tags.includes(filters.tag)) continue;
      keys.push(row);
    }
  }
  return { run, classified, index, matching: keys.length, keys: filters.limit === undefined ? keys : keys.slice(0, filters.limit) };
}

/** The rows of the keys, in their order, a chunk of items at a time. */
export function* explorerRows(database: SqliteDatabase, run: RunRecord, index: ItemOutcomeIndex, keys: readonly ItemRowKey[]): Generator<ExplorerRow> {
  const template = compileTemplate(run.options.prompt);
  const chunk = 500;
  for (let start = 0; start < keys.length; start += chunk) {
    const part = keys.slice(start, start + chunk);
    const records = new Map<string, StoredItemRecord>();
    for (const record of readItemRecords(database, run.id, part.map((key) => index.items[key.itemIndex]!.itemId))) records.set(record.itemId, record);
    for (const key of part) {
      const record = records.get(index.items[key.itemIndex]!.itemId);
      const result = record?.results.find((each) => each.configuration === key.configuration);
      if (!record || !result) continue;
      const baseline = record.results.find((each) => each.configuration === run.baseline);
      yield {
        configuration: key.configuration,
        itemId: record.itemId,
        outcome: key.outcome,
        tags: record.tags,
        prompt: itemPrompt({ fields: record.fields }, template),
        promptTokens: record.promptTokens,
        reference: referenceText(record, run.options.referenceFields),
        baseline: baseline ? withoutOutput(baseline) : null,
        result: withoutOutput(result),
      };
    }
  }
}

/** The graded output is among the answers; the row keeps it once. */
function withoutOutput({ output: _output, ...result }: StoredItemResult): ExplorerResult {
  return result;
}

function referenceText(record: StoredItemRecord, referenceFields: string[] | null): string | null {
  const parts: string[] = [];
  if (record.expected !== undefined) parts.push(asText(record.expected));
  for (const name of referenceFields ?? []) {
    if (name === 'expected' || record.fields[name] === undefined) continue;
    parts.push(`${name}: ${asText(record.fields[name])}`);
  }
  return parts.length === 0 ? null : parts.join('\n\n');
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

function tagsOf(index: ItemOutcomeIndex): string[] {
  return [...new Set(index.items.flatMap((item) => item.tags))].sort();
}
