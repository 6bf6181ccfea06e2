import type { ConfigurationSpec } from '../types/index.js';
import { deleteOrphanOutputs, outputOf } from './outputs.js';
import type { SqliteDatabase } from './open-database.js';

/**
 * Named reads and removals of a stored run's parts, for the code above the
 * store: no other folder writes SQL.
 */

/** The run's models in the suite's order, as the run wrote them (the primary key's index would give them by name). */
export function modelNames(database: SqliteDatabase, runId: number): string[] {
  return database.prepare('SELECT name FROM models WHERE run_id = ? ORDER BY rowid').pluck().all(runId) as string[];
}

/** The variables the run's models read their keys from, and those a model shares (`share_key`). */
export function keyVariablesOfRun(database: SqliteDatabase, runId: number): { names: string[]; shared: Set<string> } {
  const rows = database.prepare(`SELECT json_extract(settings_json, '$.apiKeyEnv') AS name, json_extract(settings_json, '$.shareKey') AS shared
    FROM models WHERE run_id = ? AND name IS NOT NULL`).all(runId) as Array<{ name: string | null; shared: number | null }>;
  const named = rows.filter((row): row is { name: string; shared: number | null } => typeof row.name === 'string');
  return { names: named.map((row) => row.name), shared: new Set(named.filter((row) => row.shared === 1).map((row) => row.name)) };
}

/** The run's configurations, as they were specified, in the suite's order. */
export function storedConfigurations(database: SqliteDatabase, runId: number): ConfigurationSpec[] {
  const rows = database.prepare('SELECT name, kind, spec_json FROM configurations WHERE run_id = ? ORDER BY position').all(runId) as
    Array<{ name: string; kind: string; spec_json: string }>;
  return rows.map((row) => ({ name: row.name, kind: row.kind, ...(JSON.parse(row.spec_json) as object) }) as ConfigurationSpec);
}

/** One configuration's results go, to be computed again (the oracle and the learned router of a merged run). */
export function deleteResults(database: SqliteDatabase, runId: number, configuration: string): void {
  database.prepare('DELETE FROM results WHERE run_id = ? AND configuration = ?').run(runId, configuration);
}

/** A run and everything of it (a simulation that could not be made leaves nothing behind). */
export function deleteRun(database: SqliteDatabase, runId: number): void {
  database.prepare('DELETE FROM runs WHERE id = ?').run(runId);
  deleteOrphanOutputs(database);
}

export interface StoredResultRow {
  configuration: string;
  item_id: string;
  sample: number;
  status: string;
  cost_usd: number;
  output: string | null;
}

/** Every result of a run, by configuration, item and sample, for comparing two runs item by item. */
export function resultRows(database: SqliteDatabase, runId: number): StoredResultRow[] {
  return database.prepare(`SELECT configuration, item_id, sample, status, cost_usd, ${outputOf('results')} AS output FROM results
    WHERE run_id = ? ORDER BY configuration, item_id, sample`)
    .all(runId) as StoredResultRow[];
}

/**
 * The mean output tokens of each model's successful calls of one purpose (`answer`, or `judge`: grading
 * an answer) in every run of a suite: what `estimate --db` expects. Apart, since a judge's verdict is
 * not as long as its answers.
 */
export function meanOutputTokens(database: SqliteDatabase, suiteName: string, purpose: 'answer' | 'judge'): Map<string, number> {
  const rows = database.prepare(`SELECT calls.model_name AS name, AVG(calls.output_tokens) AS mean FROM calls JOIN runs ON runs.id = calls.run_id
    WHERE runs.suite_name = ? AND calls.purpose = ? AND calls.status = 'ok' AND calls.output_tokens IS NOT NULL GROUP BY calls.model_name`).all(suiteName, purpose) as
    Array<{ name: string; mean: number }>;
  return new Map(rows.map((row) => [row.name, row.mean]));
}

export type ExportTable = 'results' | 'calls' | 'sweep';

const exportQueries: Record<ExportTable, string> = {
  results: `SELECT r.run_id, r.configuration, r.item_id, r.sample, r.model, r.models_json AS models, r.route_reason, r.status, r.unanswered,
      CASE r.status WHEN 'pass' THEN 1 WHEN 'fail' THEN 0 ELSE NULL END AS pass, r.score, r.cost_usd, r.spent_usd, r.latency_ms,
      r.cached, r.grading_cost_usd, r.served_model, r.cost_basis, i.tags_json AS tags, r.reason, ${outputOf('r')} AS output
    FROM results r LEFT JOIN items i ON i.run_id = r.run_id AND i.item_id = r.item_id
    WHERE r.run_id = ? ORDER BY r.configuration, i.position, r.sample`,
  calls: `SELECT id, run_id, item_id, model_name, sample, purpose, attempt, status, http_status, input_tokens, output_tokens,
      cached_input_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, served_model, cost_basis, finish_reason, error, started_at, cache_key,
      ${outputOf('calls')} AS output
    FROM calls WHERE run_id = ? ORDER BY id`,
  sweep: `SELECT run_id, router, split, parameter, frontier_share, cost_usd, quality, quality_delta_pp, cost_reduction FROM sweep_points
    WHERE run_id = ? ORDER BY split, parameter`,
};

/** A table's rows of a run as they are exported, iterated: a million results never sit in memory at once. */
export function exportRows(database: SqliteDatabase, runId: number, table: ExportTable): Iterable<Record<string, unknown>> {
  return database.prepare(exportQueries[table]).iterate(runId) as Iterable<Record<string, unknown>>;
}
