import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './open-database.js';
import { OutputPlacer, outputOf } from './outputs.js';
import { hash32 } from '../util/hash.js';
import { redactOptional, redactSecrets } from '../util/secrets.js';
import type { CallRecord, CostBasis, ItemRecord, ResultRecord, RunRecord, RunStatus } from '../types/index.js';

export interface CachedResponse {
  output: string;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  reasoningTokens: number | null;
  usageEstimated: boolean;
  costUsd: number;
  latencyMs: number;
  finishReason: string | null;
  servedModel: string | null;
  costBasis: CostBasis | null;
}

export interface NewRun extends Omit<RunRecord, 'id' | 'finishedAt' | 'error' | 'parentRunId' | 'pid'> {
  models: Array<{
    name: string;
    provider: string;
    model: string;
    inputPerMtokUsd: number;
    outputPerMtokUsd: number;
    cachedInputPerMtokUsd?: number;
    priceSource: string;
    settings: unknown;
  }>;
  configurations: Array<{ name: string; kind: string; spec: unknown }>;
}

/** Rows per transaction at most: one transaction per row would be 100x slower. */
const batchRows = 10_000;

/**
 * The writing side of the store for one process. Rows are inserted as they
 * come, inside a transaction that `flush` commits (every `batchRows` rows,
 * and on a timer): nothing waits in JavaScript memory, and a result is
 * committed together with the calls that paid for it. Lookups on this
 * connection see the rows not yet committed, so the cache never misses an
 * answer of this run.
 */
export class RunStore {
  private inTransaction = false;
  private pendingRows = 0;
  private readonly insertCall: Statement;
  private readonly insertResult: Statement;
  private readonly insertItem: Statement;
  private readonly selectCached: Statement;
  private readonly outputs: OutputPlacer;

  constructor(readonly database: SqliteDatabase) {
    this.insertCall = database.prepare(`INSERT INTO calls (run_id, item_id, model_name, sample, purpose, cache_key, attempt,
      status, http_status, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, usage_estimated, cost_usd,
      latency_ms, output, output_hash, error, finish_reason, raw_usage_json, started_at, usage_note, served_model, cost_basis)
      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    this.insertResult = database.prepare(`INSERT OR REPLACE INTO results (run_id, configuration, item_id, sample, model,
      models_json, route_reason, output, output_hash, status, score, reason, cost_usd, spent_usd, latency_ms, cached, grading_cost_usd,
      route_json, unanswered, finish_reason, preference, label_pass, served_model, cost_basis) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`);
    this.insertItem = database.prepare(`INSERT OR IGNORE INTO items (run_id, item_id, position, tags_json, prompt_tokens,
      expected_json, fields_json) VALUES (?,?,?,?,?,?,?)`);
    this.outputs = new OutputPlacer(database);
    this.selectCached = database.prepare(`SELECT ${outputOf('calls')} AS output, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,
      usage_estimated, cost_usd, latency_ms, finish_reason, served_model, cost_basis FROM calls WHERE cache_key = ? AND status = 'ok' LIMIT 1`);
  }

  createRun(run: NewRun): number {
    const create = this.database.transaction(() => {
      const info = this.database
        .prepare(`INSERT INTO runs (kind, suite_name, suite_version, suite_hash, suite_path, tool_version, seed, repeat,
          baseline, frontier, margin_pp, status, item_count, options_json, started_at, pid) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
        .run(
          run.kind,
          run.suiteName,
          run.suiteVersion,
          run.suiteHash,
          run.suitePath,
          run.toolVersion,
          run.seed,
          run.repeat,
          run.baseline,
          run.frontier,
          run.marginPp,
          run.status,
          run.itemCount,
          JSON.stringify(run.options),
          run.startedAt,
          process.pid,
        );
      const runId = Number(info.lastInsertRowid);
      const insertModel = this.database.prepare(`INSERT INTO models (run_id, name, provider, model, input_mtok_usd,
        output_mtok_usd, cached_input_mtok_usd, price_source, settings_json) VALUES (?,?,?,?,?,?,?,?,?)`);
      for (const model of run.models) {
        insertModel.run(runId, model.name, model.provider, model.model, model.inputPerMtokUsd, model.outputPerMtokUsd,
          model.cachedInputPerMtokUsd ?? null, model.priceSource, JSON.stringify(model.settings));
      }
      const insertConfiguration = this.database.prepare(
        'INSERT INTO configurations (run_id, name, position, kind, spec_json) VALUES (?,?,?,?,?)',
      );
      run.configurations.forEach((configuration, position) => {
        insertConfiguration.run(runId, configuration.name, position, configuration.kind, JSON.stringify(configuration.spec));
      });
      return runId;
    });
    return create();
  }

  addItem(item: ItemRecord): void {
    this.begin();
    this.insertItem.run(item.runId, item.itemId, item.position, JSON.stringify(item.tags), item.promptTokens, item.expectedJson, item.fieldsJson);
    this.counted(1);
  }

  /**
   * When the database held no answer as the run began, the cache keys this
   * run stored: a key not among them cannot be in the database, and the
   * lookup is skipped. Undefined: look every key up.
   */
  private ownKeys: Set<number> | undefined;

  /** Call once before a run: on a database with no stored answer, most lookups are skipped. */
  startRun(): void {
    const anyStored = this.database.prepare("SELECT 1 FROM calls WHERE status = 'ok' LIMIT 1").get() !== undefined;
    // 32-bit hashes of the keys, not the keys: a million of them fit in a few megabytes; a collision only costs a lookup.
    this.ownKeys = anyStored ? undefined : new Set();
  }

  findCached(cacheKey: string): CachedResponse | undefined {
    if (this.ownKeys && !this.ownKeys.has(hash32(cacheKey))) return undefined;
    const row = this.selectCached.get(cacheKey) as
      | { output: string; input_tokens: number | null; output_tokens: number | null; cached_input_tokens: number | null;
          reasoning_tokens: number | null; usage_estimated: number; cost_usd: number; latency_ms: number; finish_reason: string | null;
          served_model: string | null; cost_basis: CostBasis | null }
      | undefined;
    if (!row) return undefined;
    return {
      output: row.output,
      inputTokens: row.input_tokens,
      outputTokens: row.output_tokens,
      cachedInputTokens: row.cached_input_tokens,
      reasoningTokens: row.reasoning_tokens,
      usageEstimated: row.usage_estimated === 1,
      costUsd: row.cost_usd,
      latencyMs: row.latency_ms,
      finishReason: row.finish_reason,
      servedModel: row.served_model,
      costBasis: row.cost_basis,
    };
  }

  recordCall(call: CallRecord): void {
    this.begin();
    this.insertCall.run(call.runId, call.itemId, call.modelName, call.sample, call.purpose, call.cacheKey, call.attempt,
      call.status, call.httpStatus, call.inputTokens, call.outputTokens, call.cachedInputTokens, call.reasoningTokens,
      call.usageEstimated ? 1 : 0, call.costUsd, call.latencyMs, ...this.outputs.place(redactOptional(call.output)), redactOptional(call.error),
      call.finishReason, redactOptional(call.rawUsageJson), call.startedAt, call.usageNote, call.servedModel ?? null, call.costBasis ?? null);
    if (call.status === 'ok') this.ownKeys?.add(hash32(call.cacheKey));
    this.counted(1);
  }

  recordResult(result: ResultRecord): void {
    this.begin();
    this.insertResult.run(result.runId, result.configuration, result.itemId, result.sample, result.model,
      JSON.stringify(result.models), redactOptional(result.routeReason), ...this.outputs.place(redactOptional(result.output)), result.status,
      result.score, redactOptional(result.reason), result.costUsd, result.spentUsd, Number.isNaN(result.latencyMs) ? null : result.latencyMs,
      result.cached ? 1 : 0, result.gradingCostUsd, result.route === undefined ? null : JSON.stringify(result.route), result.unanswered,
      result.finishReason ?? null, result.preference ?? null, result.labelPass === undefined || result.labelPass === null ? null : result.labelPass ? 1 : 0,
      result.servedModel ?? null, result.costBasis ?? null);
    this.counted(1);
  }

  /** Commits the rows inserted since the last commit. */
  flush(): void {
    if (!this.inTransaction) return;
    this.database.exec('COMMIT');
    this.inTransaction = false;
    this.pendingRows = 0;
  }

  private begin(): void {
    if (this.inTransaction) return;
    // IMMEDIATE: take the write lock now (waiting out another writer), not half way through.
    this.database.exec('BEGIN IMMEDIATE');
    this.inTransaction = true;
  }

  private counted(rows: number): void {
    this.pendingRows += rows;
    if (this.pendingRows >= batchRows) this.flush();
  }

  setStatus(runId: number, status: RunStatus, error?: string): void {
    this.flush();
    const finished = status === 'running' ? null : new Date().toISOString();
    this.database
      .prepare('UPDATE runs SET status = ?, finished_at = ?, error = ?, pid = ? WHERE id = ?')
      .run(status, finished, error === undefined ? null : redactSecrets(error), process.pid, runId);
  }

  /** What the run's calls cost so far (every attempt). */
  spentUsd(runId: number): number {
    this.flush();
    return (this.database.prepare('SELECT COALESCE(SUM(cost_usd), 0) FROM calls WHERE run_id = ?').pluck().get(runId) as number);
  }

  setItemCount(runId: number, itemCount: number): void {
    this.database.prepare('UPDATE runs SET item_count = ? WHERE id = ?').run(itemCount, runId);
  }

  countResults(runId: number): number {
    this.flush();
    return this.database.prepare('SELECT COUNT(*) FROM results WHERE run_id = ?').pluck().get(runId) as number;
  }

  /**
   * Results without an answer (a model that failed every attempt or refused), how they are spread by
   * why, and the last one's reason, for the message of a run in which nothing was answered.
   */
  countUnanswered(runId: number): { total: number; summary: string; lastReason: string } {
    this.flush();
    const kinds = this.database
      .prepare('SELECT unanswered, COUNT(*) AS n FROM results WHERE run_id = ? AND unanswered IS NOT NULL GROUP BY unanswered ORDER BY n DESC')
      .all(runId) as Array<{ unanswered: string; n: number }>;
    const total = kinds.reduce((sum, kind) => sum + kind.n, 0);
    const lastReason = total === 0 ? '' : (this.database
      .prepare('SELECT reason FROM results WHERE run_id = ? AND unanswered IS NOT NULL LIMIT 1').pluck().get(runId) as string | null) ?? '';
    return { total, summary: kinds.map((kind) => `${kind.n} × ${kind.unanswered}`).join(', '), lastReason };
  }

  /** Keys `configuration\u0000item\u0000sample` of results already stored with an answer, for resuming. */
  completedResults(runId: number): Set<string> {
    const rows = this.database
      .prepare('SELECT configuration, item_id, sample FROM results WHERE run_id = ? AND unanswered IS NULL')
      .raw()
      .iterate(runId) as IterableIterator<[string, string, number]>;
    const done = new Set<string>();
    for (const [configuration, itemId, sample] of rows) done.add(resultKey(configuration, itemId, sample));
    return done;
  }
}

export function resultKey(configuration: string, itemId: string, sample: number): string {
  return `${configuration}\u0000${itemId}\u0000${sample}`;
}
