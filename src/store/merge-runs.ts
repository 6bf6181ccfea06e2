import { UsageError } from '../errors.js';
import { openDatabase } from './open-database.js';
import { readRunRecord, resolveRunId } from './read-run.js';
import type { RunRecord } from '../types/index.js';

export interface ShardSource {
  path: string;
  run?: string;
}

export interface MergedRun {
  runId: number;
  runs: RunRecord[];
  /** True when every shard 1..n is present and complete. */
  complete: boolean;
  missingShards: number[];
}

/**
 * Copies the runs of shard databases into one run of `outPath`: items,
 * calls and results, as if one machine had run them all. The shards must be
 * runs of the same suite content, seed, repeat and configurations.
 */
export function mergeShardRuns(outPath: string, sources: ShardSource[]): MergedRun {
  if (sources.length === 0) throw new UsageError('merge needs at least one shard database');
  const runs = sources.map((source) => {
    const database = openDatabase(source.path, { readonly: true });
    try {
      return readRunRecord(database, resolveRunId(database, source.run));
    } finally {
      database.close();
    }
  });
  const first = runs[0]!;
  const shardCount = first.options.shard?.count;
  const seen = new Set<number>();
  runs.forEach((run, index) => {
    const where = `${sources[index]!.path} run ${run.id}`;
    if (run.kind !== 'run') throw new UsageError(`${where} is ${run.kind}, not a run`);
    if (run.suiteHash !== first.suiteHash) throw new UsageError(`${where} is of different suite content than ${sources[0]!.path}; shards must run the same suite`);
    if (run.seed !== first.seed || run.repeat !== first.repeat) throw new UsageError(`${where} has a different --seed or --repeat than ${sources[0]!.path}`);
    if (JSON.stringify(run.options.configurations) !== JSON.stringify(first.options.configurations)) {
      throw new UsageError(`${where} ran other configurations than ${sources[0]!.path}`);
    }
    const shard = run.options.shard;
    if (!shard || shard.count !== shardCount) throw new UsageError(`${where} is not shard i/${shardCount ?? 'n'} (run it with --shard i/n)`);
    if (seen.has(shard.index)) throw new UsageError(`shard ${shard.index}/${shard.count} is given twice (${where})`);
    seen.add(shard.index);
  });
  const missingShards = Array.from({ length: shardCount! }, (_, index) => index + 1).filter((index) => !seen.has(index));
  const complete = missingShards.length === 0 && runs.every((run) => run.status === 'complete');

  const database = openDatabase(outPath);
  try {
    // The run row says `running` until every shard is copied: a merge that dies half way is not taken for a whole run.
    const info = database
      .prepare(`INSERT INTO runs (kind, suite_name, suite_version, suite_hash, suite_path, tool_version, seed, repeat, baseline,
        frontier, margin_pp, status, item_count, options_json, started_at) VALUES ('merged',?,?,?,?,?,?,?,?,?,?,'running',?,?,?)`)
      .run(first.suiteName, first.suiteVersion, first.suiteHash, first.suitePath, first.toolVersion, first.seed, first.repeat,
        first.baseline, first.frontier, first.marginPp, runs.reduce((total, run) => total + run.itemCount, 0),
        JSON.stringify({ ...first.options, shard: null, mergedFrom: sources.map((source, index) => `${source.path}:${runs[index]!.id}`) }),
        runs.map((run) => run.startedAt).sort()[0]!);
    const runId = Number(info.lastInsertRowid);
    sources.forEach((source, index) => {
      const sourceRunId = runs[index]!.id;
      // SQLite cannot ATTACH inside a transaction: attach, copy in one transaction, detach.
      database.prepare('ATTACH DATABASE ? AS shard').run(source.path);
      try {
        database.transaction(() => {
          if (index === 0) {
            database.prepare(`INSERT INTO models SELECT ?, name, provider, model, input_mtok_usd, output_mtok_usd, cached_input_mtok_usd,
              price_source, settings_json FROM shard.models WHERE run_id = ? ORDER BY rowid`).run(runId, sourceRunId);
            database.prepare('INSERT INTO configurations SELECT ?, name, position, kind, spec_json FROM shard.configurations WHERE run_id = ?').run(runId, sourceRunId);
          }
          database.prepare(`INSERT INTO items SELECT ?, item_id, position, tags_json, prompt_tokens, expected_json, fields_json
            FROM shard.items WHERE run_id = ?`).run(runId, sourceRunId);
          database.prepare(`INSERT INTO calls (run_id, item_id, model_name, sample, purpose, cache_key, attempt, status, http_status,
            input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, output, output_hash,
            error, finish_reason, raw_usage_json, started_at, usage_note, served_model, cost_basis)
            SELECT ?, item_id, model_name, sample, purpose, cache_key, attempt, status, http_status, input_tokens, output_tokens,
            cached_input_tokens, reasoning_tokens, usage_estimated, cost_usd, latency_ms, output, output_hash, error, finish_reason,
            raw_usage_json, started_at, usage_note, served_model, cost_basis FROM shard.calls WHERE run_id = ? ORDER BY id`).run(runId, sourceRunId);
          database.prepare(`INSERT INTO results SELECT ?, configuration, item_id, sample, model, models_json, route_reason, output,
            status, score, reason, cost_usd, spent_usd, latency_ms, cached, grading_cost_usd, route_json, unanswered, output_hash,
            finish_reason, preference, label_pass, served_model, cost_basis FROM shard.results WHERE run_id = ?`).run(runId, sourceRunId);
          database.prepare('INSERT OR IGNORE INTO outputs SELECT hash, text FROM shard.outputs').run();
        })();
      } finally {
        database.prepare('DETACH DATABASE shard').run();
      }
    });
    database.prepare('UPDATE runs SET status = ?, finished_at = ? WHERE id = ?').run(complete ? 'complete' : 'interrupted', new Date().toISOString(), runId);
    return { runId, runs, complete, missingShards };
  } finally {
    database.close();
  }
}
