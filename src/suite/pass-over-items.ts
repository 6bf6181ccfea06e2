import type { Problem } from '../errors.js';
import type { Check, Item, ReplaySettings } from '../types/index.js';
import { datasetDigest, streamedDatasetHash } from './content-hash.js';
import type { ItemsSource } from './open-items.js';
import { ItemParser } from './parse-items.js';
import { compileItemChecks, type ItemCheckSpecs } from './parse-suite-checks.js';
import type { DatasetRow } from './read-dataset.js';
import type { DeclaredFieldsSeen } from './reference-fields.js';
import { streamJsonLines } from './stream-jsonl.js';

/** What makes a row an item: the fields the prompt reads, and whether the suite's checks need an `expected`. */
export interface ItemRules {
  promptFields: string[];
  needsReference: boolean;
  /** False when the suite has no `prompt:`: then every item must carry its `messages`. */
  hasPrompt: boolean;
  /** The suite's `reference: { model }`: item-level checks grade against that model's answer too. */
  referenceModel?: string;
}

export interface PassContext extends ItemRules {
  /** Each replayed model's records, to find the items it has no answer for. */
  replays: Map<string, ReplaySettings>;
  /** Custom check modules are relative to it. */
  baseDir: string;
  declaredSeen: DeclaredFieldsSeen;
}

/** Per replayed model, the ids of items it has no record of (the first few) and how many. */
export type MissingRecords = Map<string, { ids: string[]; count: number }>;

export interface ItemsPass {
  /** The items, unless the dataset is streamed. */
  items: Item[];
  count: number;
  problems: Problem[];
  someWithoutChecks: boolean;
  /** Compiled item-level checks by the JSON text of their specs: items often share them. */
  checksByText: Map<string, Check[]>;
  missingRecords: MissingRecords;
  datasetDigest: Buffer;
  /** Items with no `messages` while the suite has no `prompt:`. */
  withoutConversation: { count: number; first?: string };
}

/**
 * One pass over the dataset: every row checked, item-level checks compiled
 * once per distinct spec, replay records looked up. Items are kept only when
 * the dataset is small enough to hold.
 */
export async function passOverItems(dataset: ItemsSource, context: PassContext): Promise<ItemsPass> {
  const parser = new ItemParser(context);
  const hash = dataset.bytes ? undefined : streamedDatasetHash();
  const rows = dataset.streamed && dataset.file
    ? streamJsonLines(dataset.file, dataset.shown ?? dataset.file, (problem) => dataset.problems.push(problem), hash)
    : dataset.rows();
  const items: Item[] = [];
  const distinctChecks = new Map<string, ItemCheckSpecs>();
  const lackingExpected: Array<{ key: string; row: DatasetRow; itemId: string }> = [];
  const missingRecords: MissingRecords = new Map();
  const checkedReplays = [...context.replays].filter(([, replay]) => replay.onMissing === 'error');
  let count = 0;
  let someWithoutChecks = false;
  for (const row of rows) {
    const item = parser.add(row);
    if (!item) continue;
    count++;
    context.declaredSeen.see(item.fields);
    if (!dataset.streamed) items.push(item);
    if (item.checks) {
      const key = JSON.stringify(item.checks);
      if (!distinctChecks.has(key)) distinctChecks.set(key, { specs: item.checks, row, itemId: item.id });
      if (item.expected === undefined || item.expected === null) lackingExpected.push({ key, row, itemId: item.id });
    } else someWithoutChecks = true;
    for (const [modelName, replay] of checkedReplays) {
      if (replay.records.has(item.id)) continue;
      const missing = missingRecords.get(modelName) ?? { ids: [], count: 0 };
      if (missing.ids.length < 5) missing.ids.push(item.id);
      missing.count++;
      missingRecords.set(modelName, missing);
    }
  }
  const problems = parser.problems();
  const compiled = await compileItemChecks(distinctChecks, context.baseDir, context.referenceModel);
  problems.push(...compiled.problems);
  for (const { key, row, itemId } of lackingExpected) {
    if (compiled.checksByText.get(key)!.some((check) => check.needsReference ?? true)) {
      problems.push({ location: row.locate([]), message: `item "${itemId}" has no \`expected\` reference; its checks need one` });
    }
  }
  return { items, count, problems, someWithoutChecks, checksByText: compiled.checksByText, missingRecords, datasetDigest: datasetDigest(dataset.bytes, hash),
    withoutConversation: parser.withoutConversation };
}

/** The second pass over a streamed dataset: rows already validated, turned into items again. */
export function* streamItems(dataset: ItemsSource, rules: ItemRules): Generator<Item> {
  const parser = new ItemParser(rules, false);
  for (const row of dataset.rows()) {
    const item = parser.add(row);
    if (item) yield item;
  }
}
