import { UsageError } from '../errors.js';
import { outputOf } from './outputs.js';
import { openDatabase } from './open-database.js';
import { resolveRunId } from './read-run.js';
import type { ReplayRecord } from '../types/index.js';

/**
 * The answers a model gave in a stored run, as replay records: output,
 * tokens, cost and latency of its successful answer call per item (first
 * sample), and its grade there as the recorded score (pass 1, fail 0).
 */
export function readReplayFromRun(databasePath: string, run: string | undefined, modelName: string): { records: Map<string, ReplayRecord>; runId: number } {
  const database = openDatabase(databasePath, { readonly: true });
  try {
    const runId = resolveRunId(database, run);
    const rows = database
      .prepare(`SELECT c.item_id, ${outputOf('c')} AS output, c.input_tokens, c.output_tokens, c.cost_usd, c.latency_ms,
          (SELECT CASE r.status WHEN 'pass' THEN 1 WHEN 'fail' THEN 0 END FROM results r
           WHERE r.run_id = c.run_id AND r.item_id = c.item_id AND r.model = c.model_name AND r.sample = 0 AND r.status IN ('pass', 'fail')
           LIMIT 1) AS score
        FROM calls c WHERE c.run_id = ? AND c.model_name = ? AND c.status = 'ok' AND c.purpose = 'answer' AND c.sample = 0
        ORDER BY c.id`)
      .all(runId, modelName) as Array<{ item_id: string; output: string; input_tokens: number | null; output_tokens: number | null;
        cost_usd: number; latency_ms: number; score: number | null }>;
    const records = new Map<string, ReplayRecord>();
    for (const row of rows) {
      if (records.has(row.item_id)) continue;
      records.set(row.item_id, {
        output: row.output,
        inputTokens: row.input_tokens ?? undefined,
        outputTokens: row.output_tokens ?? undefined,
        costUsd: row.cost_usd,
        latencyMs: row.latency_ms,
        score: row.score ?? undefined,
      });
    }
    if (records.size === 0) {
      const models = database.prepare('SELECT name FROM models WHERE run_id = ?').pluck().all(runId) as string[];
      throw new UsageError(`run ${runId} of ${databasePath} has no answers of model "${modelName}"; its models: ${models.join(', ')} (set from_run.model)`);
    }
    return { records, runId };
  } finally {
    database.close();
  }
}
