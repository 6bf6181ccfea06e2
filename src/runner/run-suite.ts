import { setMaxListeners } from 'node:events';
import { compileChecks, findJudgeChecks, gradeAll } from '../checks/index.js';
import { referenceText } from '../providers/mock.js';
import type { AnswerSource, Check, ConfigurationSpec, Execution, Item, ItemRouter, LoadedSuite, ModelAnswer, ResultRecord, RunRecord, RunStatus } from '../types/index.js';
import { RunStoppedError, UsageError } from '../errors.js';
import { createProviders } from '../providers/create-providers.js';
import { withoutCredentials } from '../providers/http.js';
import { dirname } from 'node:path';
import { executeCascade } from '../routing/cascade.js';
import { createRouter, isPostHoc } from '../routing/create-router.js';
import { createExternalRouter } from '../routing/external.js';
import { routingView } from '../routing/routing-view.js';
import { simulateConfiguration } from '../offline/simulate.js';
import { readStoredAnswers } from '../store/read-stored-answers.js';
import { openDatabase, type SqliteDatabase } from '../store/open-database.js';
import { readRunRecord } from '../store/read-run.js';
import { resultKey, RunStore } from '../store/run-store.js';
import { compileTemplate } from '../util/template.js';
import { loadTokenCounter } from '../tokens/count-tokens.js';
import { didYouMean } from '../util/did-you-mean.js';
import { serialisable } from '../util/serialisable.js';
import { toolVersion } from '../version.js';
import { hash32 } from '../util/hash.js';
import { collectGarbage } from '../util/collect-garbage.js';
import { AnswerEngine, CallAbortedError, type Answer } from './answer-engine.js';
import { Budget, BudgetExhaustedError } from './budget.js';
import { forEachConcurrent } from './for-each-concurrent.js';
import { refuseRepeatedReplays } from './refuse-repeated-replays.js';

export interface RunOptions {
  databasePath: string;
  /** Run only these configurations (the baseline is added when missing, to measure against). */
  configurations?: string[];
  concurrency: number;
  limit?: number;
  seed?: number;
  repeat?: number;
  useCache?: boolean;
  /** Never start a call that could take the run's spending past this. */
  maxCostUsd?: number;
  /** Run only this share of the items (CI matrix jobs); `route-bench merge` joins the shards. */
  shard?: Shard;
  /** Continue this run: finished results stay, stored answers are not paid again. */
  resumeRunId?: number;
  /** Stops dispatching new items; calls in flight get `graceMs` to finish, then are aborted. */
  signal?: AbortSignal;
  graceMs?: number;
  onProgress?: (progress: RunProgress) => void;
  /** Something to tell the person watching now (a long wait a server asked for). */
  onNotice?: (text: string) => void;
}

export interface RunProgress {
  done: number;
  total: number;
  passed: number;
  /** Answers already done when this process started (a resume): the rate, and so the ETA, is over the rest. */
  doneBefore: number;
  /** Attempts that failed so far (retried or not), answers waiting to retry now, and what this process paid. */
  failedAttempts: number;
  retriesWaiting: number;
  spentUsd: number;
}

export interface RunOutcome {
  runId: number;
  status: RunStatus;
  /** Results written by this process. */
  results: number;
  spentUsd: number;
}

const noJudges = { outputs: new Map<Check, string>(), costUsd: 0, replies: [] };

/** A full collection after this many results: about 10 ms each, against tens of megabytes of peak memory. */
const collectEveryResults = 10_000;

/** Buffered calls and results reach the disk at least this often, so a crash loses little. */
const flushIntervalMs = 200;
/** Progress is told at least this often, so a run that is stuck says so rather than going quiet. */
const progressIntervalMs = 1_000;

/**
 * Runs every item of the suite through every chosen configuration, grades
 * the answers and stores everything. The database says what happened even
 * if this process dies part way: a result is written only with its calls.
 */
export async function runSuite(suite: LoadedSuite, options: RunOptions): Promise<RunOutcome> {
  const database = openDatabase(options.databasePath);
  try {
    return await runWithDatabase(suite, options, database);
  } finally {
    database.close();
  }
}

async function runWithDatabase(suite: LoadedSuite, options: RunOptions, database: SqliteDatabase): Promise<RunOutcome> {
  const previous = options.resumeRunId === undefined ? undefined : readRunRecord(database, options.resumeRunId);
  const store = new RunStore(database);
  const settings = previous ? settingsOfRun(suite, previous, store.countUnanswered(previous.id).total) : newSettings(suite, options);
  store.startRun();
  return runWithStore(suite, options, store, database, previous, settings);
}

async function runWithStore(suite: LoadedSuite, options: RunOptions, store: RunStore, database: SqliteDatabase,
  previous: RunRecord | undefined, settings: RunSettings): Promise<RunOutcome> {
  const { configurations, seed, repeat, limit, shard } = settings;
  // Items are pulled one at a time from the dataset (streamed when it is large), never all held.
  let itemsSeen = 0;
  const items = (function* () {
    let index = 0;
    for (const item of suite.iterateItems()) {
      if (limit !== undefined && index++ >= limit) return;
      if (shard !== undefined && !inShard(item.id, shard)) continue;
      itemsSeen++;
      yield item;
    }
  })();
  const plannedItems = Math.min(limit ?? Infinity, suite.itemCount);
  const expectedItems = shard === undefined ? plannedItems : Math.round(plannedItems / shard.count);
  const countTokens = await loadTokenCounter();
  const runId = previous ? previous.id : store.createRun(newRunRecord(suite, settings, expectedItems, options));
  if (previous) store.setStatus(runId, 'running');
  // Results without an answer are asked again: the provider may be back, the key fixed.
  const completed = previous ? store.completedResults(runId) : new Set<string>();
  const budget = new Budget(options.maxCostUsd ?? (settings.maxCostUsd ?? undefined));
  if (previous) budget.settle(0, store.spentUsd(runId));

  // Calls in flight are aborted only after a grace period once dispatching stopped.
  const hardStop = new AbortController();
  setMaxListeners(0, hardStop.signal);
  const onStop = () => setTimeout(() => hardStop.abort(), options.graceMs ?? 30_000).unref();
  options.signal?.addEventListener('abort', onStop, { once: true });
  // A provider that refuses the configuration or stopped answering ends the run now: the calls in flight are dropped.
  let stopError: RunStoppedError | undefined;
  const stopRun = (error: RunStoppedError) => {
    stopError ??= error;
    hardStop.abort();
  };
  const stopping = () => (options.signal?.aborted ?? false) || budget.exhausted || stopError !== undefined;
  const engine = new AnswerEngine({
    runId,
    store,
    providers: createProviders({ seed, correlation: suite.mockCorrelation, countTokens }),
    countTokens,
    useCache: (options.useCache ?? true) || previous !== undefined,
    concurrency: options.concurrency,
    budget,
    signal: hardStop.signal,
    onNotice: options.onNotice,
  });
  const routers = new Map<string, ItemRouter>();
  for (const configuration of configurations) {
    const router = configuration.kind === 'external' ? createExternalRouter(configuration) : createRouter(configuration, seed);
    if (router) routers.set(configuration.name, router);
  }
  const acceptChecks = new Map(configurations.flatMap((configuration) =>
    configuration.kind === 'cascade' ? [[configuration.name, compileChecks(configuration.accept, { baseDir: dirname(suite.path) })] as const] : []));
  const liveConfigurations = configurations.filter((configuration) => !isPostHoc(configuration));
  const template = compileTemplate(suite.prompt);
  // With a shard, the total is an estimate until every item has been seen.
  const progress: RunProgress = { done: completed.size, total: expectedItems * configurations.length * repeat, passed: 0,
    doneBefore: completed.size, failedAttempts: 0, retriesWaiting: 0, spentUsd: 0 };
  const tellProgress = () => {
    progress.failedAttempts = engine.stats.failedAttempts;
    progress.retriesWaiting = engine.stats.retriesWaiting;
    progress.spentUsd = engine.stats.spentUsd;
    options.onProgress?.(progress);
  };
  let written = 0;
  const flushTimer = setInterval(() => store.flush(), flushIntervalMs);
  const progressTimer = setInterval(tellProgress, progressIntervalMs);
  let resultsSinceCollection = 0;
  flushTimer.unref();
  progressTimer.unref();

  const answerItem = async (item: Item) => {
    const prompt = template.render(item.fields);
    const promptTokens = countTokens(prompt);
    // In the open transaction before any of its results: whatever reaches the disk, a report can place it.
    store.addItems([{ runId, itemId: item.id, position: item.position ?? 0, tags: item.tags, promptTokens,
      expectedJson: item.expected === undefined ? null : JSON.stringify(item.expected), fieldsJson: JSON.stringify(item.fields) }]);
    // All a router may see of the item: the same view for every configuration and sample.
    const view = routingView(item, prompt, promptTokens, suite.referenceFields);
    const checks = suite.checksFor(item);
    const judges = findJudgeChecks(checks);
    const memo = new Map<string, Promise<Answer>>();
    const tasks: Array<Promise<void>> = [];
    const source: AnswerSource = (modelName, sample) =>
      engine.answer({ model: suite.models[modelName]!, item, prompt, promptTokens, sample, checks, memo });
    for (let sample = 0; sample < repeat; sample++) {
      for (const configuration of liveConfigurations) {
        if (completed.has(resultKey(configuration.name, item.id, sample))) continue;
        tasks.push(
          (async () => {
            let execution: Execution;
            let judged: Awaited<ReturnType<typeof askJudges>> = noJudges;
            try {
              if (configuration.kind === 'cascade') {
                // A verifier is a router: its prompt is made from the routing view (`shown`), never from the item.
                const verify = (verifiers: Check[], answer: Answer, shown: Item) =>
                  askJudges(verifiers, answer, { suite, engine, item: shown, prompt, sample, memo, countTokens, purpose: 'verify' });
                execution = await executeCascade(configuration, acceptChecks.get(configuration.name)!, view, sample, source, verify);
              } else {
                const decision = await routers.get(configuration.name)!.decide(view);
                const answer = await source(decision.model, sample);
                execution = { answers: [answer], final: answer, reason: decision.reason };
              }
              if (judges.length > 0) judged = await askJudges(judges, execution.final, { suite, engine, item, prompt, sample, memo, countTokens });
            } catch (error) {
              // No result: a resumed run asks again.
              if (error instanceof BudgetExhaustedError || error instanceof CallAbortedError) return;
              if (error instanceof RunStoppedError) return stopRun(error);
              throw error;
            }
            const result = grade(runId, configuration.name, item, sample, execution, checks, judged);
            store.recordResult(result);
            written++;
            // Rows wait in buffers long enough to reach the old generation; collecting now and then keeps the peak low.
            if (++resultsSinceCollection >= collectEveryResults) {
              resultsSinceCollection = 0;
              collectGarbage();
            }
            progress.done++;
            if (result.status === 'pass') progress.passed++;
          })(),
        );
      }
    }
    await Promise.all(tasks);
    tellProgress();
  };

  let status: RunStatus = 'complete';
  try {
    await forEachConcurrent(items, options.concurrency, answerItem, stopping);
    store.flush();
    if (stopError) throw stopError;
    const stopped = stopping();
    if (!stopped) {
      const postHoc = configurations.filter(isPostHoc);
      // The oracle and the learned router need every item's answers: computed once they are all stored.
      const stored = postHoc.length > 0 ? readStoredAnswers(database, runId) : undefined;
      for (const configuration of postHoc) {
        const records = await simulateConfiguration(configuration, stored!, { runId, prompt: suite.prompt, referenceFields: suite.referenceFields, seed });
        // Written again on a resume, as the answers they choose among may have been asked again.
        for (const record of records) {
          store.recordResult(record);
          written++;
          progress.done++;
        }
      }
    }
    // Only a run that pulled every item knows how many there are: one stopped early (budget, Ctrl-C) keeps
    // its planned count, or it would say it has only the items it reached, and a resume would not correct it.
    if (!stopped) store.setItemCount(runId, itemsSeen);
    // Complete only when every item of every configuration has its result(s).
    const expectedResults = itemsSeen * configurations.length * repeat;
    if (budget.exhausted) status = 'budget_exhausted';
    else if (options.signal?.aborted) status = 'interrupted';
    else if (store.countResults(runId) < expectedResults) status = 'interrupted';
    // Answers that all failed say nothing of the models: a setup the providers refuse, or none reachable.
    const unanswered = store.countUnanswered(runId);
    if (unanswered.total > 0 && unanswered.total === store.countResults(runId)) {
      throw new RunStoppedError(`every answer of run ${runId} failed (${unanswered.summary}); the last: ${unanswered.lastReason}`);
    }
    store.setStatus(runId, status);
  } catch (error) {
    status = 'failed';
    const message = (error as Error).message;
    store.setStatus(runId, status, message);
    if (error instanceof RunStoppedError) throw new RunStoppedError(message, runId);
    throw error;
  } finally {
    await Promise.all([...routers.values()].map((router) => router.close?.()));
    clearInterval(flushTimer);
    clearInterval(progressTimer);
    options.signal?.removeEventListener('abort', onStop);
  }
  return { runId, status, results: written, spentUsd: budget.totalSpentUsd };
}

/** Asks every llm-judge check's judge about an answer, through the engine: cached, retried, budgeted, and recorded as `judge` calls. */
async function askJudges(judges: Check[], answer: Answer, context: JudgeContext): Promise<{ outputs: Map<Check, string>; costUsd: number; replies: Answer[] }> {
  const outputs = new Map<Check, string>();
  const replies: Answer[] = [];
  let costUsd = 0;
  if (answer.outcome !== 'ok') return { outputs, costUsd, replies };
  for (const check of judges) {
    const judgePrompt = check.judge!.prompt({ prompt: context.prompt, answer: answer.output, reference: referenceText(context.item.expected), item: context.item });
    const reply = await context.engine.answer({ model: context.suite.models[check.judge!.model]!, item: context.item, prompt: judgePrompt,
      promptTokens: context.countTokens(judgePrompt), sample: context.sample, checks: [], memo: context.memo, purpose: context.purpose ?? 'judge' });
    costUsd += reply.costUsd;
    replies.push(reply);
    if (reply.outcome === 'ok') outputs.set(check, reply.output);
  }
  return { outputs, costUsd, replies };
}

interface JudgeContext {
  /** `judge` grades; `verify` decides a cascade's acceptance (its cost is the configuration's). */
  purpose?: 'judge' | 'verify';
  suite: LoadedSuite;
  engine: AnswerEngine;
  item: Item;
  prompt: string;
  sample: number;
  memo: Map<string, Promise<Answer>>;
  countTokens: (text: string) => number;
}

function grade(runId: number, configuration: string, item: Item, sample: number, execution: Execution, checks: Check[],
  judged: { outputs: Map<Check, string>; costUsd: number }): ResultRecord {
  const answer = execution.final;
  const { answers } = execution;
  // Verifier replies are part of what routing this item cost, beside the answers tried.
  const paid = [...answers, ...(execution.verifications ?? [])];
  const sum = (pick: (answer: ModelAnswer) => number) => paid.reduce((total, each) => total + pick(each), 0);
  const route = execution.accepted === undefined ? undefined : {
    accepted: execution.accepted,
    escalations: new Set(answers.map((each) => each.modelName)).size - 1,
    firstPass: answers[0]!.outcome === 'ok' && gradeAll(checks, answers[0]!.output, item, { recordedScore: answers[0]!.recordedScore }).status === 'pass',
  };
  const base = { runId, configuration, itemId: item.id, sample, model: answer.modelName,
    models: [...new Set(answers.map((each) => each.modelName))], routeReason: execution.reason, costUsd: sum((each) => each.costUsd),
    spentUsd: sum((each) => each.spentUsd), latencyMs: sum((each) => each.latencyMs), cached: answers.every((each) => each.cached),
    gradingCostUsd: judged.costUsd, route };
  if (answer.outcome === 'missing') return { ...base, output: null, status: 'skipped', score: null, reason: answer.error ?? null, unanswered: null };
  // No answer is a fail: a user of this configuration would have got nothing.
  if (answer.outcome === 'failed') {
    return { ...base, output: null, status: 'fail', score: 0, reason: `no answer: ${answer.error}`, unanswered: answer.unanswered ?? 'no answer' };
  }
  const verdict = gradeAll(checks, answer.output, item, { recordedScore: answer.recordedScore, judgeOutputs: judged.outputs });
  return { ...base, output: answer.output, status: verdict.status, score: verdict.status === 'error' ? null : verdict.score,
    reason: verdict.reason, unanswered: null };
}

interface RunSettings {
  configurations: ConfigurationSpec[];
  seed: number;
  repeat: number;
  limit: number | undefined;
  maxCostUsd: number | null;
  shard: Shard | undefined;
}

/** Shard `index` of `count` (1-based), as `route-bench run --shard 2/4` gives it. */
export interface Shard {
  index: number;
  count: number;
}

/** An item's shard depends on its id alone: the same split on every machine, whatever the file order. */
export function inShard(itemId: string, shard: Shard): boolean {
  return hash32('shard', itemId) % shard.count === shard.index - 1;
}

function newSettings(suite: LoadedSuite, options: RunOptions): RunSettings {
  const configurations = chooseConfigurations(suite, options.configurations);
  refuseRepeatedReplays(suite.models, configurations, options.repeat ?? 1);
  return {
    configurations,
    seed: options.seed ?? suite.seed,
    repeat: options.repeat ?? 1,
    limit: options.limit,
    maxCostUsd: options.maxCostUsd ?? null,
    shard: options.shard,
  };
}

/** A resumed run keeps the settings it started with; the suite must be the one it ran. */
function settingsOfRun(suite: LoadedSuite, run: RunRecord, unanswered: number): RunSettings {
  if (run.kind !== 'run') throw new UsageError(`run ${run.id} is ${run.kind}, not a run that can be resumed`);
  // A complete run may still hold answers a provider never gave: a resume asks for them again.
  if (run.status === 'complete' && unanswered === 0) throw new UsageError(`run ${run.id} is already complete`);
  if (run.status === 'running' && run.pid !== null && run.pid !== process.pid && isAlive(run.pid)) {
    throw new UsageError(`run ${run.id} is being run by process ${run.pid} on this machine; resuming it too would pay for its answers twice`);
  }
  if (run.suiteHash !== suite.contentHash) {
    throw new UsageError(`the suite or its dataset changed since run ${run.id} started (content hash differs); start a new run instead`);
  }
  const names = (run.options.configurations as string[] | undefined) ?? suite.configurations.map((configuration) => configuration.name);
  return {
    configurations: chooseConfigurations(suite, names),
    seed: run.seed,
    repeat: run.repeat,
    limit: (run.options.limit as number | null | undefined) ?? undefined,
    maxCostUsd: (run.options.maxCostUsd as number | null | undefined) ?? null,
    shard: (run.options.shard as Shard | null | undefined) ?? undefined,
  };
}

function newRunRecord(suite: LoadedSuite, settings: RunSettings, itemCount: number, options: RunOptions) {
  return {
    kind: 'run' as const,
    suiteName: suite.name,
    suiteVersion: suite.version,
    suiteHash: suite.contentHash,
    suitePath: suite.path,
    toolVersion,
    seed: settings.seed,
    repeat: settings.repeat,
    baseline: suite.baseline,
    frontier: suite.frontier,
    marginPp: suite.marginPp,
    status: 'running' as const,
    itemCount,
    options: {
      configurations: settings.configurations.map((configuration) => configuration.name),
      limit: settings.limit ?? null,
      maxCostUsd: settings.maxCostUsd,
      shard: settings.shard ?? null,
      useCache: options.useCache ?? true,
      // Kept so a simulation can build the views the routers had: the prompt they saw, the fields they did not.
      prompt: suite.prompt,
      referenceFields: suite.referenceFields,
      gate: suite.gate ?? null,
      maxGapPct: suite.maxGapPct,
    },
    startedAt: new Date().toISOString(),
    models: Object.values(suite.models).map((model) => ({
      name: model.name,
      provider: model.provider,
      model: model.model,
      inputPerMtokUsd: model.price.inputPerMtokUsd,
      outputPerMtokUsd: model.price.outputPerMtokUsd,
      cachedInputPerMtokUsd: model.price.cachedInputPerMtokUsd,
      priceSource: model.price.source,
      settings: { ...model.settings, baseUrl: model.http ? withoutCredentials(model.http.baseUrl) : undefined, replay: model.replay?.source },
    })),
    configurations: settings.configurations.map(({ name, ...spec }) => ({ name, kind: spec.kind, spec: serialisable(spec) })),
  };
}

function chooseConfigurations(suite: LoadedSuite, names: string[] | undefined): ConfigurationSpec[] {
  if (!names || names.length === 0) return suite.configurations;
  const known = suite.configurations.map((configuration) => configuration.name);
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`--configs: unknown configuration "${name}"${didYouMean(name, known)}; known: ${known.join(', ')}`);
  }
  const wanted = new Set(names);
  wanted.add(suite.baseline);
  // The oracle and the learned router choose among the answers of fixed configurations: run those too.
  for (const configuration of suite.configurations) {
    if (!wanted.has(configuration.name)) continue;
    const needed = configuration.kind === 'oracle' ? configuration.models : configuration.kind === 'threshold' ? [configuration.strong, configuration.weak] : [];
    for (const model of needed) {
      const source = suite.configurations.find((candidate) => candidate.kind === 'fixed' && candidate.model === model);
      if (source) wanted.add(source.name);
    }
  }
  return suite.configurations.filter((configuration) => wanted.has(configuration.name));
}


/** Whether a process of this machine still exists (signal 0 checks without sending anything). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
