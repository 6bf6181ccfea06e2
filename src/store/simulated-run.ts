import type { RunSettings } from '../types/index.js';
import type { SqliteDatabase } from './open-database.js';
import { readRunRecord } from './read-run.js';

/**
 * A new run of kind `simulated` that starts as a copy of a source run's
 * items, models and fixed configurations (with their results), so that the
 * simulated configurations are reported, gated and exported beside the
 * answers they were computed from.
 */
export function createSimulatedRun(
  database: SqliteDatabase,
  sourceRunId: number,
  configurations: Array<{ name: string; kind: string; spec: unknown }>,
  options: Partial<RunSettings>,
  /** A sweep stores only its curve: the answers stay in the source run. */
  copyResults = true,
): number {
  const source = readRunRecord(database, sourceRunId);
  const create = database.transaction(() => {
    const info = database
      .prepare(`INSERT INTO runs (kind, suite_name, suite_version, suite_hash, suite_path, tool_version, seed, repeat, baseline,
        frontier, margin_pp, status, item_count, options_json, started_at, finished_at, parent_run_id)
        SELECT 'simulated', suite_name, suite_version, suite_hash, suite_path, tool_version, seed, repeat, baseline, frontier,
        margin_pp, 'running', item_count, ?, ?, NULL, id FROM runs WHERE id = ?`)
      .run(JSON.stringify({ ...source.options, ...options }), new Date().toISOString(), sourceRunId);
    const runId = Number(info.lastInsertRowid);
    database.prepare(`INSERT INTO models SELECT ?, name, provider, model, input_mtok_usd, output_mtok_usd, cached_input_mtok_usd,
      price_source, settings_json FROM models WHERE run_id = ? ORDER BY rowid`).run(runId, sourceRunId);
    if (copyResults) {
      database.prepare(`INSERT INTO items SELECT ?, item_id, position, tags_json, prompt_tokens, expected_json, fields_json
        FROM items WHERE run_id = ?`).run(runId, sourceRunId);
    }
    const kept = database
      .prepare("SELECT name, kind, spec_json FROM configurations WHERE run_id = ? AND (kind = 'fixed' OR name = ?) ORDER BY position")
      .all(sourceRunId, source.baseline) as Array<{ name: string; kind: string; spec_json: string }>;
    const insertConfiguration = database.prepare('INSERT INTO configurations (run_id, name, position, kind, spec_json) VALUES (?,?,?,?,?)');
    kept.forEach((configuration, position) => insertConfiguration.run(runId, configuration.name, position, configuration.kind, configuration.spec_json));
    configurations.forEach((configuration, index) =>
      insertConfiguration.run(runId, configuration.name, kept.length + index, configuration.kind, JSON.stringify(configuration.spec)));
    const copy = database.prepare(`INSERT INTO results SELECT ?, configuration, item_id, sample, model, models_json, route_reason,
      output, status, score, reason, cost_usd, spent_usd, latency_ms, cached, grading_cost_usd, route_json, unanswered, output_hash,
      finish_reason, preference, label_pass, served_model, cost_basis FROM results WHERE run_id = ? AND configuration = ?`);
    if (copyResults) for (const configuration of kept) copy.run(runId, sourceRunId, configuration.name);
    return runId;
  });
  return create();
}
