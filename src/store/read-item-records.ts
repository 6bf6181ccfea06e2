import type { Preference, ResultRecord } from '../types/index.js';
import { outputOf } from './outputs.js';
import type { SqliteDatabase } from './open-database.js';

/**
 * The readers behind the item explorer (the HTML report's item view and
 * `route-bench items`): first what every configuration did with each item,
 * a status per result, small enough for a million of them; then the whole
 * record of the items chosen to be shown. Only the first sample of an item
 * is read: a lost or won item compares one answer with one answer.
 */

export type StoredStatus = ResultRecord['status'];

export interface ItemOutcomeIndex {
  /** In dataset order. */
  items: Array<{ itemId: string; position: number; tags: string[] }>;
  /** In the suite's order. */
  configurations: Array<{ name: string; kind: string; spec: Record<string, unknown> }>;
  /** Per configuration, the status of each item's first sample, aligned with `items`; null where it has no result. */
  statuses: Map<string, Array<StoredStatus | null>>;
  /** With a pairwise check: per configuration, each item's first sample's judgement against the reference; absent otherwise. */
  preferences?: Map<string, Array<Preference | null>>;
}

export function readItemOutcomeIndex(database: SqliteDatabase, runId: number): ItemOutcomeIndex {
  const items: ItemOutcomeIndex['items'] = [];
  const indexOf = new Map<string, number>();
  const itemRows = database.prepare('SELECT item_id, position, tags_json FROM items WHERE run_id = ? ORDER BY position').raw().all(runId);
  for (const [itemId, position, tagsJson] of itemRows as Array<[string, number, string]>) {
    indexOf.set(itemId, items.length);
    items.push({ itemId, position, tags: tagsJson === '[]' ? [] : (JSON.parse(tagsJson) as string[]) });
  }
  const configurations = (database.prepare('SELECT name, kind, spec_json FROM configurations WHERE run_id = ? ORDER BY position').all(runId) as
    Array<{ name: string; kind: string; spec_json: string }>).map((row) => ({ name: row.name, kind: row.kind, spec: JSON.parse(row.spec_json) as Record<string, unknown> }));
  const statuses = new Map(configurations.map(({ name }) => [name, new Array<StoredStatus | null>(items.length).fill(null)]));
  // One configuration at a time, on the results' primary key, all at once: one call into SQLite instead of one per row.
  const select = database.prepare('SELECT item_id, status, preference FROM results WHERE run_id = ? AND configuration = ? AND sample = 0').raw();
  let preferences: Map<string, Array<Preference | null>> | undefined;
  for (const { name } of configurations) {
    const list = statuses.get(name)!;
    for (const [itemId, status, preference] of select.all(runId, name) as Array<[string, StoredStatus, Preference | null]>) {
      const index = indexOf.get(itemId);
      if (index === undefined) continue;
      list[index] = status;
      if (preference !== null) {
        preferences ??= new Map();
        if (!preferences.has(name)) preferences.set(name, new Array<Preference | null>(items.length).fill(null));
        preferences.get(name)![index] = preference;
      }
    }
  }
  return { items, configurations, statuses, ...(preferences ? { preferences } : {}) };
}

/** One model's answer that a result used, with its usage when this run's calls hold it. */
export interface StoredItemAnswer {
  model: string;
  output: string | null;
  /** Null when no call of this run made the answer (it came from an earlier run's cache). */
  inputTokens: number | null;
  outputTokens: number | null;
}

export interface StoredItemResult {
  configuration: string;
  /** The model whose answer was graded. */
  model: string | null;
  /** Every model tried, in order. */
  models: string[];
  routeReason: string | null;
  output: string | null;
  status: StoredStatus;
  score: number | null;
  reason: string | null;
  unanswered: string | null;
  costUsd: number;
  latencyMs: number | null;
  gradingCostUsd: number;
  cached: boolean;
  finishReason: string | null;
  /** Cascades: whether the kept answer was accepted, and how many escalations it took. */
  route: { accepted: boolean; escalations: number } | null;
  answers: StoredItemAnswer[];
}

export interface StoredItemRecord {
  itemId: string;
  position: number;
  tags: string[];
  promptTokens: number;
  /** The parsed `expected`; undefined when the item has none. */
  expected: unknown;
  fields: Record<string, unknown>;
  /** The first sample's result of each configuration that has one, in the suite's order. */
  results: StoredItemResult[];
}

/** Items read per query: few enough for SQLite's bound parameters, many enough to keep the calls few. */
const chunkSize = 500;

type ResultRow = [string, string, string | null, string, string | null, string | null, StoredStatus, number | null, string | null, string | null,
  number, number | null, number, number, string | null, string | null];

/**
 * The whole record of the given items, in the order given, a chunk at a time:
 * a run's million items are never held at once. Usage comes from this run's
 * answer calls, read once; a cascade's earlier answers from the fixed
 * configuration of their model, else from the call that made them.
 */
export function* readItemRecords(database: SqliteDatabase, runId: number, itemIds: readonly string[]): Generator<StoredItemRecord> {
  const wanted = new Set(itemIds);
  const calls = answerCalls(database, runId, wanted);
  const configurations = database.prepare('SELECT name, kind, spec_json FROM configurations WHERE run_id = ? ORDER BY position').all(runId) as
    Array<{ name: string; kind: string; spec_json: string }>;
  const order = new Map(configurations.map(({ name }, index) => [name, index]));
  const fixedOf = new Map<string, string>();
  for (const { name, kind, spec_json } of configurations) {
    const model = kind === 'fixed' ? (JSON.parse(spec_json) as { model?: string }).model : undefined;
    if (model !== undefined && !fixedOf.has(model)) fixedOf.set(model, name);
  }
  const callOutput = database.prepare(`SELECT ${outputOf('calls')} FROM calls WHERE id = ?`).pluck();
  for (let start = 0; start < itemIds.length; start += chunkSize) {
    const chunk = [...new Set(itemIds.slice(start, start + chunkSize))];
    const marks = chunk.map(() => '?').join(',');
    const itemRows = database.prepare(`SELECT item_id, position, tags_json, prompt_tokens, expected_json, fields_json FROM items
      WHERE run_id = ? AND item_id IN (${marks})`).raw().all(runId, ...chunk) as Array<[string, number, string, number, string | null, string]>;
    const records = new Map<string, StoredItemRecord>();
    for (const [itemId, position, tagsJson, promptTokens, expectedJson, fieldsJson] of itemRows) {
      records.set(itemId, { itemId, position, tags: JSON.parse(tagsJson) as string[], promptTokens,
        expected: expectedJson === null ? undefined : JSON.parse(expectedJson), fields: JSON.parse(fieldsJson) as Record<string, unknown>, results: [] });
    }
    const resultRows = database.prepare(`SELECT configuration, item_id, model, models_json, route_reason, ${outputOf('results')}, status, score, reason,
        unanswered, cost_usd, latency_ms, grading_cost_usd, cached, finish_reason, route_json
      FROM results WHERE run_id = ? AND sample = 0 AND item_id IN (${marks})`).raw().all(runId, ...chunk) as ResultRow[];
    for (const [configuration, itemId, model, modelsJson, routeReason, output, status, score, reason, unanswered, costUsd, latencyMs, gradingCostUsd,
      cached, finishReason, routeJson] of resultRows) {
      const record = records.get(itemId);
      if (!record || !order.has(configuration)) continue;
      const route = routeJson === null ? null : (JSON.parse(routeJson) as { accepted: boolean; escalations: number });
      record.results.push({ configuration, model, models: JSON.parse(modelsJson) as string[], routeReason, output, status, score, reason, unanswered,
        costUsd, latencyMs, gradingCostUsd, cached: cached === 1, finishReason, route: route && { accepted: route.accepted, escalations: route.escalations },
        answers: [] });
    }
    for (const record of records.values()) {
      record.results.sort((a, b) => order.get(a.configuration)! - order.get(b.configuration)!);
      const byConfiguration = new Map(record.results.map((result) => [result.configuration, result]));
      for (const result of record.results) {
        result.answers = result.models.map((answerModel) => {
          const call = calls.get(callKey(record.itemId, answerModel));
          let output: string | null;
          if (answerModel === result.model) output = result.output;
          else {
            const fixed = byConfiguration.get(fixedOf.get(answerModel) ?? '');
            output = fixed?.output ?? (call ? (callOutput.get(call.id) as string | null) : null);
          }
          return { model: answerModel, output, inputTokens: call?.inputTokens ?? null, outputTokens: call?.outputTokens ?? null };
        });
      }
    }
    for (const itemId of chunk) {
      const record = records.get(itemId);
      if (record) yield record;
    }
  }
}

interface AnswerCall {
  id: number;
  inputTokens: number | null;
  outputTokens: number | null;
}

function callKey(itemId: string, model: string): string {
  return `${model}\u0000${itemId}`;
}

/** The last successful answer call of each item and model of the run (first sample), for the wanted items: one pass over the calls. */
function answerCalls(database: SqliteDatabase, runId: number, wanted: ReadonlySet<string>): Map<string, AnswerCall> {
  const calls = new Map<string, AnswerCall>();
  const rows = database.prepare(`SELECT id, item_id, model_name, input_tokens, output_tokens FROM calls
    WHERE run_id = ? AND purpose = 'answer' AND status = 'ok' AND sample = 0 ORDER BY id`).raw().iterate(runId);
  for (const [id, itemId, model, inputTokens, outputTokens] of rows as IterableIterator<[number, string, string, number | null, number | null]>) {
    if (wanted.has(itemId)) calls.set(callKey(itemId, model), { id, inputTokens, outputTokens });
  }
  return calls;
}
