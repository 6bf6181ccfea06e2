import { readAnswerNotes } from './answer-notes.js';
import { parseRunSettings } from './run-settings-document.js';
import { UsageError } from '../errors.js';
import type { SqliteDatabase } from './open-database.js';
import { preferenceCodes } from '../metrics/pairwise.js';
import { readServedModels } from './served-models.js';
import { readSettleLooks } from './settle-looks.js';
import type { ConfigurationResults, Preference, RunData, RunRecord } from '../types/index.js';

/** `latest`, or a run id, to the id of a run that exists. */
export function resolveRunId(database: SqliteDatabase, reference: string | undefined): number {
  if (reference === undefined || reference === 'latest') {
    const row = database.prepare("SELECT id FROM runs WHERE kind != 'simulated' ORDER BY id DESC LIMIT 1").get() as
      | { id: number }
      | undefined;
    if (!row) throw new UsageError('the database holds no runs yet; run `route-bench run <suite>` first');
    return row.id;
  }
  const id = Number(reference);
  if (!Number.isInteger(id) || id <= 0) throw new UsageError(`--run takes a run id (a whole number) or "latest", got "${reference}"`);
  const row = database.prepare('SELECT id FROM runs WHERE id = ?').get(id);
  if (!row) throw new UsageError(`no run ${id} in this database`);
  return id;
}

/**
 * The run a sweep export reads: `latest` is the latest run holding sweep
 * points. A sweep is stored as a simulated run of its own, which `latest`
 * of resolveRunId skips (it means the latest run that answered), so an
 * export of it wrote nothing.
 */
export function resolveSweepRunId(database: SqliteDatabase, reference: string | undefined): number {
  const latest = database.prepare('SELECT MAX(run_id) FROM sweep_points').pluck().get() as number | null;
  if (reference === undefined || reference === 'latest') {
    if (latest === null) throw new UsageError('the database holds no sweep yet; make one with `route-bench sweep --router threshold|random`');
    return latest;
  }
  const runId = resolveRunId(database, reference);
  if (!database.prepare('SELECT 1 FROM sweep_points WHERE run_id = ? LIMIT 1').get(runId)) {
    throw new UsageError(`run ${runId} holds no sweep; sweeps are stored as runs of their own (${latest === null ? 'this database has none' : `latest: run ${latest}`})`);
  }
  return runId;
}

/**
 * Refuses a sweep where answers are read. A sweep is stored as a simulated run that holds only its curve
 * (`sweep_points`): its report would say "complete" over no item, and a gate would find every answer missing.
 */
export function refuseSweepRun(database: SqliteDatabase, runId: number, databasePath: string): void {
  const row = database.prepare('SELECT kind, options_json FROM runs WHERE id = ?').get(runId) as { kind: string; options_json: string } | undefined;
  if (row?.kind !== 'simulated' || (JSON.parse(row.options_json) as { sweep?: unknown }).sweep === undefined) return;
  throw new UsageError(`run ${runId} is a sweep: it holds only its cost-quality curve, no answers to report or gate; see it with: route-bench export --what sweep --run ${runId} --db ${databasePath}`);
}

export function readRunRecord(database: SqliteDatabase, runId: number): RunRecord {
  const row = database.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as Record<string, unknown> | undefined;
  if (!row) throw new UsageError(`no run ${runId} in this database`);
  return {
    id: row.id as number,
    kind: row.kind as RunRecord['kind'],
    suiteName: row.suite_name as string,
    suiteVersion: row.suite_version as number,
    suiteHash: row.suite_hash as string,
    suitePath: row.suite_path as string | null,
    toolVersion: row.tool_version as string,
    seed: row.seed as number,
    repeat: row.repeat as number,
    baseline: row.baseline as string,
    frontier: row.frontier as string,
    marginPp: row.margin_pp as number,
    status: row.status as RunRecord['status'],
    itemCount: row.item_count as number,
    options: parseRunSettings(row.options_json as string),
    startedAt: row.started_at as string,
    finishedAt: row.finished_at as string | null,
    error: row.error as string | null,
    parentRunId: (row.parent_run_id as number | null) ?? null,
    pid: (row.pid as number | null) ?? null,
  };
}




/** Results read with one call per configuration up to this many; iterated past it. */
const maxRowsAtOnce = 100_000;

export function readRunData(database: SqliteDatabase, runId: number): RunData {
  const run = readRunRecord(database, runId);
  const itemIds: string[] = [];
  const itemTags: string[][] = [];
  const indexOf = new Map<string, number>();
  const items = database.prepare('SELECT item_id, tags_json FROM items WHERE run_id = ? ORDER BY position').raw().iterate(runId);
  for (const [itemId, tagsJson] of items as IterableIterator<[string, string]>) {
    indexOf.set(itemId, itemIds.length);
    itemIds.push(itemId);
    itemTags.push(JSON.parse(tagsJson) as string[]);
  }
  const repeat = run.repeat;
  const size = itemIds.length * repeat;
  const configurationRows = database
    .prepare('SELECT name, kind, spec_json FROM configurations WHERE run_id = ? ORDER BY position')
    .all(runId) as Array<{ name: string; kind: string; spec_json: string }>;
  const byName = new Map<string, ConfigurationResults>();
  const configurations = configurationRows.map(({ name, kind, spec_json }) => {
    const results: ConfigurationResults = {
      name,
      kind,
      spec: JSON.parse(spec_json) as Record<string, unknown>,
      score: new Float64Array(size).fill(Number.NaN),
      pass: new Float64Array(size).fill(Number.NaN),
      costUsd: new Float64Array(size),
      spentUsd: new Float64Array(size),
      latencyMs: new Float64Array(size).fill(Number.NaN),
      usedFrontier: new Uint8Array(size),
      present: new Uint8Array(size),
      answered: new Uint8Array(size),
      unanswered: new Map(),
      replayGaps: 0,
      ungraded: 0,
      cached: 0,
      gradingCostUsd: 0,
    };
    byName.set(name, results);
    return results;
  });
  const select = database
    .prepare(`SELECT configuration, item_id, sample, models_json, status, score, cost_usd, spent_usd, latency_ms, cached,
      grading_cost_usd, route_json, unanswered, preference, label_pass FROM results WHERE run_id = ? AND configuration = ?`)
    .raw();
  // One configuration at a time with all(): one call into SQLite per configuration is far faster than one
  // per row. Past a size the rows are iterated instead, so a million results are never held at once.
  const resultCount = (database.prepare('SELECT COUNT(*) FROM results WHERE run_id = ?').pluck().get(runId) as number);
  type Row = [string, string, number, string, string, number | null, number, number, number | null, number, number, string | null, string | null, Preference | null, number | null];
  const rows = (function* () {
    for (const { name } of configurationRows) {
      yield* (resultCount > maxRowsAtOnce ? select.iterate(runId, name) : select.all(runId, name)) as Iterable<Row>;
    }
  })();
  const frontierQuoted = JSON.stringify(run.frontier);
  for (const [configuration, itemId, sample, modelsJson, status, score, cost, spent, latency, cached, gradingCost, routeJson, unanswered, preference, labelPass] of rows) {
    const results = byName.get(configuration);
    const itemIndex = indexOf.get(itemId);
    if (!results || itemIndex === undefined) continue;
    const index = itemIndex * repeat + sample;
    results.present[index] = 1;
    results.costUsd[index] = cost;
    results.spentUsd[index] = spent;
    results.latencyMs[index] = latency ?? Number.NaN;
    results.usedFrontier[index] = modelsJson.includes(frontierQuoted) ? 1 : 0;
    if (status === 'pass' || status === 'fail') {
      results.score[index] = score ?? Number.NaN;
      results.pass[index] = status === 'pass' ? 1 : 0;
    }
    if (unanswered !== null) results.unanswered.set(unanswered, (results.unanswered.get(unanswered) ?? 0) + 1);
    else if (status === 'skipped') results.replayGaps++;
    else {
      results.answered[index] = 1;
      if (status === 'error') results.ungraded++;
    }
    results.cached += cached;
    results.gradingCostUsd += gradingCost;
    if (preference !== null) (results.preference ??= new Uint8Array(size))[index] = preferenceCodes[preference];
    if (labelPass !== null) (results.labelPass ??= new Uint8Array(size))[index] = labelPass === 1 ? 2 : 1;
    if (routeJson !== null) {
      const route = JSON.parse(routeJson) as { accepted: boolean; escalations: number; firstPass: boolean };
      const counts = (results.cascade ??= { answers: 0, escalated: 0, falseAccepts: 0, needlessEscalations: 0 });
      counts.answers++;
      if (route.escalations > 0) counts.escalated++;
      if (route.accepted && status === 'fail') counts.falseAccepts++;
      if (route.escalations > 0 && route.firstPass) counts.needlessEscalations++;
    }
  }
  // A pairwise run: a configuration none of whose answers was judged (every one missing) still has its row, of losses.
  if (configurations.some((results) => results.preference)) for (const results of configurations) results.preference ??= new Uint8Array(size);
  const calls = database
    .prepare(`SELECT COUNT(*) AS calls, COALESCE(SUM(cost_usd), 0) AS spent, COALESCE(SUM(status = 'error'), 0) AS failed
      FROM calls WHERE run_id = ?`)
    .get(runId) as { calls: number; spent: number; failed: number };
  const settleLooks = run.options.untilSettled ? readSettleLooks(database, runId) : undefined;
  for (const look of settleLooks ?? []) {
    const results = byName.get(look.configuration);
    if (results && look.verdict !== 'inconclusive') results.settledAfter ??= look.items;
  }
  const servedModels = readServedModels(database, runId);
  return { run, itemIds, itemTags, configurations, spentUsd: calls.spent, calls: calls.calls, failedCalls: calls.failed,
    notes: readAnswerNotes(database, runId), ...(settleLooks ? { settleLooks } : {}), ...(servedModels.length > 0 ? { servedModels } : {}) };
}

/** The newest run (or merged run) of a suite with at least one result: what `estimate --db` plans from. */
export function latestRunOfSuite(database: SqliteDatabase, suiteName: string): number | undefined {
  return database.prepare(`SELECT id FROM runs WHERE suite_name = ? AND kind IN ('run', 'merged')
    AND EXISTS (SELECT 1 FROM results WHERE results.run_id = runs.id) ORDER BY id DESC LIMIT 1`).pluck().get(suiteName) as number | undefined;
}
