import { setMaxListeners } from 'node:events';
import { dirname } from 'node:path';
import { compileChecks } from '../checks/index.js';
import { RunStoppedError } from '../errors.js';
import { LearnedScores } from '../offline/learned-scores.js';
import { createRouter, isPostHoc } from '../routing/create-router.js';
import type { Execute } from '../routing/execute-configuration.js';
import { createExternalRouter } from '../routing/external.js';
import { openDatabase, type SqliteDatabase } from '../store/open-database.js';
import { readRunRecord } from '../store/read-run.js';
import { RunStore } from '../store/run-store.js';
import { servedModelPrices } from '../pricing/served-model.js';
import { loadTokenCounter } from '../tokens/count-tokens.js';
import type { ConfigurationSpec, Item, ItemRouter, LoadedSuite, ResultRecord, RunStatus } from '../types/index.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { compileTemplate } from '../util/template.js';
import { answerItem } from './answer-item.js';
import { AnswerEngine } from './engine/answer-engine.js';
import { Budget } from './engine/budget.js';
import { RetryingCalls } from './engine/calls.js';
import { createAnswerSources } from './engine/sources.js';
import { forEachConcurrent } from './for-each-concurrent.js';
import { chooseSample } from './item-sample.js';
import { itemSource } from './item-source.js';
import { recordPostHoc } from './post-hoc.js';
import { ProgressTracker, type RunProgress } from './progress.js';
import { newRunRecord, planNewRun, planResumedRun, type RunPlan, type RunRequest } from './run-settings.js';
import { budgetRule, interruptRule, ProviderStopRule, stoppedBy, type StopRule } from './stop-rules.js';
import { runInWaves, runPlainWaves } from './run-in-waves.js';
import { createBatchQueue, withBatchPrices } from './batch-run.js';
import type { BatchQueue } from './engine/batch-queue.js';

export type { RunProgress } from './progress.js';

export interface RunOptions extends RunRequest {
  databasePath: string;
  /** Answers (provider calls) in flight at most, and items in progress at most. */
  concurrency: number;
  /** Continue this run: finished results stay, stored answers are not paid again. */
  resumeRunId?: number;
  /** Stops dispatching new items; calls in flight get `graceMs` to finish, then are aborted. */
  signal?: AbortSignal;
  graceMs?: number;
  onProgress?: (progress: RunProgress) => void;
  /** Something to tell the person watching now (a long wait a server asked for). */
  onNotice?: (text: string) => void;
}

export interface RunOutcome {
  runId: number;
  status: RunStatus;
  /** Results written by this process. */
  results: number;
  spentUsd: number;
  /** The learned routers' scores, trained once: the report's curves take them from here. */
  learned: LearnedScores;
  /** `--batch`: what went through the batch APIs. */
  batches?: BatchQueue['stats'];
}

/**
 * Items per batch wave of a run `--batch` without `--until-settled`: one batch per model for each, and
 * waves go one after another (each may take the provider's 24 hours): large enough for most suites to be
 * one wave, small enough that its items in flight stay a few hundred megabytes.
 */
const defaultBatchWave = 10_000;

/** A full collection after this many results: about 10 ms each, against tens of megabytes of peak memory. */
const collectEveryResults = 10_000;
/** Buffered calls and results reach the disk at least this often, so a crash loses little. */
const flushIntervalMs = 200;
/** Progress is told at least this often, so a run that is stuck says so rather than going quiet. */
const progressIntervalMs = 1_000;

/**
 * Runs every item of the suite through every chosen configuration, grades
 * the answers and stores everything: the items flow, one at a time, through
 * the stages of `answerItem`, until they run out or a stop rule says so. The
 * database says what happened even if this process dies part way.
 */
export async function runSuite(suite: LoadedSuite, options: RunOptions): Promise<RunOutcome> {
  const database = openDatabase(options.databasePath);
  try {
    return await runWithDatabase(suite, options, database);
  } finally {
    database.close();
  }
}

async function runWithDatabase(loaded: LoadedSuite, options: RunOptions, database: SqliteDatabase): Promise<RunOutcome> {
  const store = new RunStore(database);
  const previous = options.resumeRunId === undefined ? undefined : readRunRecord(database, options.resumeRunId);
  const plan = previous ? planResumedRun(loaded, previous, store.countUnanswered(previous.id).total) : planNewRun(loaded, options);
  // A batched run pays the batch price, and stores it as the models' price.
  const suite = plan.batch ? withBatchPrices(loaded) : loaded;
  store.startRun();
  const source = itemSource(suite, plan.limit, plan.shard, plan.sample && chooseSample(suite, plan.sample, plan.seed));
  const countTokens = await loadTokenCounter();
  if (plan.untilSettled && !previous) plan.untilSettled = { ...plan.untilSettled, available: Math.min(source.planned, plan.untilSettled.maxItems ?? Infinity) };
  const runId = previous ? previous.id : store.createRun(newRunRecord(suite, plan, source.planned, options.useCache ?? true));
  if (previous) store.setStatus(runId, 'running');
  // Results without an answer are asked again: the provider may be back, the key fixed.
  const completed = previous ? store.completedResults(runId) : new Set<string>();
  const budget = new Budget(options.maxCostUsd ?? plan.maxCostUsd ?? undefined);
  if (previous) budget.settle(0, store.spentUsd(runId));

  // Calls in flight are aborted only after a grace period once dispatching stopped; at once when a provider stops the run.
  const abortCalls = new AbortController();
  setMaxListeners(0, abortCalls.signal);
  const afterGrace = () => setTimeout(() => abortCalls.abort(), options.graceMs ?? 30_000).unref();
  options.signal?.addEventListener('abort', afterGrace, { once: true });
  const providerStop = new ProviderStopRule(() => abortCalls.abort());
  // In this order: a provider's stop says most, and a budget spent explains an interruption it caused.
  const rules: StopRule[] = [providerStop, budgetRule(budget), interruptRule(options.signal)];

  const calls = new RetryingCalls({ runId, store, countTokens, useCache: plan.useCache, concurrency: options.concurrency, budget,
    signal: abortCalls.signal, onNotice: options.onNotice, servedModelPrice: servedModelPrices(Object.values(suite.models)) });
  const batchQueue = plan.batch ? createBatchQueue(plan.batch, { database, store, runId, signal: abortCalls.signal, onNotice: options.onNotice }) : undefined;
  const engine = new AnswerEngine(createAnswerSources({ seed: plan.seed, correlation: suite.mockCorrelation, countTokens,
    batch: batchQueue && plan.batch ? { queue: batchQueue, fallback: plan.batch.fallback } : undefined }), calls);
  const routers: ItemRouter[] = [];
  const executions = executionsOf(suite, plan.configurations, plan.seed, routers);
  const progress = new ProgressTracker(source.planned * plan.configurations.length * plan.repeat, completed.size, calls.stats, options.onProgress);
  const learned = new LearnedScores();
  let written = 0;
  const onResult = (record: ResultRecord) => {
    written++;
    progress.counted(record.status === 'pass');
    for (const rule of rules) rule.onResult?.(record);
    // Rows wait in buffers long enough to reach the old generation; collecting now and then keeps the peak low.
    if (written % collectEveryResults === 0) collectGarbage();
  };
  const flushTimer = setInterval(() => store.flush(), flushIntervalMs);
  const progressTimer = setInterval(() => progress.tell(), progressIntervalMs);
  flushTimer.unref();
  progressTimer.unref();

  let status: RunStatus = 'complete';
  try {
    const stages = { runId, suite, repeat: plan.repeat, configurations: plan.configurations.filter((configuration) => !isPostHoc(configuration)),
      executions, engine, store, completed, template: compileTemplate(suite.prompt), countTokens, onResult,
      onStop: (error: RunStoppedError) => providerStop.stopWith(error) };
    const shouldStop = () => stoppedBy(rules) !== undefined;
    let taken: number | undefined;
    // A batched wave is in flight whole: its answers wait for their batch together.
    const onWave = batchQueue ? (size: number) => batchQueue.beginWave(size) : undefined;
    const answered = async (item: Item, configurations = stages.configurations) => {
      try {
        await answerItem(item, { ...stages, configurations });
      } finally {
        batchQueue?.itemDone();
      }
      progress.tell();
    };
    if (plan.untilSettled) {
      taken = await runInWaves(plan.untilSettled, { suite, plan, database, store, runId, items: source.items, concurrency: options.concurrency, shouldStop,
        observe: (listener) => rules.push({ stop: () => undefined, onResult: listener }),
        onWave, waveConcurrency: batchQueue ? plan.untilSettled.wave : undefined, answer: answered });
    } else if (batchQueue && plan.batch) {
      await runPlainWaves(source.items, plan.batch.wave ?? defaultBatchWave, { shouldStop, onWave, answer: (item) => answered(item) });
    } else {
      await forEachConcurrent(source.items, options.concurrency, async (item) => {
        await answerItem(item, stages);
        progress.tell();
      }, shouldStop);
    }
    store.flush();
    if (providerStop.error) throw providerStop.error;
    const stopped = stoppedBy(rules);
    if (stopped === undefined) {
      await recordPostHoc(plan.configurations, { database, store, runId, suite, seed: plan.seed, learned, onResult });
      // Only a run that pulled every item knows how many there are: one stopped early (budget, Ctrl-C) keeps
      // its planned count, or it would say it has only the items it reached, and a resume would not correct it.
      // A run that stopped once its verdicts were settled has the items it took.
      store.setItemCount(runId, taken ?? source.seen());
    }
    // Settled configurations got fewer items than the others, by design: the run is complete when it stopped on its own.
    status = taken !== undefined ? finalStatus(stopped, store, runId, 0) : finalStatus(stopped, store, runId, source.seen() * plan.configurations.length * plan.repeat);
    store.setStatus(runId, status);
  } catch (error) {
    status = 'failed';
    const message = (error as Error).message;
    store.setStatus(runId, status, message);
    if (error instanceof RunStoppedError) throw new RunStoppedError(message, runId);
    throw error;
  } finally {
    await Promise.all(routers.map((router) => router.close?.()));
    clearInterval(flushTimer);
    clearInterval(progressTimer);
    options.signal?.removeEventListener('abort', afterGrace);
  }
  return { runId, status, results: written, spentUsd: budget.totalSpentUsd, learned, ...(batchQueue ? { batches: batchQueue.stats } : {}) };
}

/** Complete only when every item of every configuration has its result(s); failed when not one answer came. */
function finalStatus(stopped: RunStatus | undefined, store: RunStore, runId: number, expectedResults: number): RunStatus {
  const results = store.countResults(runId);
  // Answers that all failed say nothing of the models: a setup the providers refuse, or none reachable.
  const unanswered = store.countUnanswered(runId);
  if (unanswered.total > 0 && unanswered.total === results) {
    throw new RunStoppedError(`every answer of run ${runId} failed (${unanswered.summary}); the last: ${unanswered.lastReason}`);
  }
  if (stopped !== undefined) return stopped;
  return results < expectedResults ? 'interrupted' : 'complete';
}

/** How each configuration that answers item by item does it: its router, or a cascade with its compiled accept checks. */
function executionsOf(suite: LoadedSuite, configurations: ConfigurationSpec[], seed: number, routers: ItemRouter[]): Map<string, Execute> {
  const executions = new Map<string, Execute>();
  for (const configuration of configurations) {
    if (configuration.kind === 'cascade') {
      executions.set(configuration.name, { kind: 'cascade', spec: configuration, accept: compileChecks(configuration.accept, { baseDir: dirname(suite.path) }) });
      continue;
    }
    const router = configuration.kind === 'external' ? createExternalRouter(configuration) : createRouter(configuration, seed);
    if (!router) continue;
    routers.push(router);
    executions.set(configuration.name, { kind: 'router', router });
  }
  return executions;
}

export type { RunPlan };
