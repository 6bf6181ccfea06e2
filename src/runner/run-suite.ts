import { gradeAll } from '../checks/index.js';
import { createMockProvider } from '../providers/mock.js';
import type { Provider } from '../providers/types.js';
import { createRouter } from '../routing/index.js';
import type { ItemRouter } from '../routing/types.js';
import { openDatabase } from '../store/open-database.js';
import type { ItemRecord, ResultRecord, RunStatus } from '../store/records.js';
import { RunStore } from '../store/run-store.js';
import type { LoadedSuite } from '../suite/load-suite.js';
import { compileTemplate } from '../suite/template.js';
import type { ConfigurationSpec, Item } from '../suite/types.js';
import { UsageError } from '../errors.js';
import { loadTokenCounter } from '../tokens/count-tokens.js';
import { didYouMean } from '../util/did-you-mean.js';
import { toolVersion } from '../version.js';
import { AnswerEngine, type Answer } from './answer-engine.js';
import { forEachConcurrent } from './for-each-concurrent.js';

export interface RunOptions {
  databasePath: string;
  /** Run only these configurations (the baseline is added when missing, to measure against). */
  configurations?: string[];
  concurrency: number;
  limit?: number;
  seed?: number;
  repeat?: number;
  useCache?: boolean;
  maxAttempts?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
}

export interface RunProgress {
  done: number;
  total: number;
  passed: number;
}

export interface RunOutcome {
  runId: number;
  status: RunStatus;
  results: number;
}

/** Items held back while their results are written; bounds memory, not speed. */
const itemBatch = 500;

/**
 * Runs every item of the suite through every chosen configuration, grades
 * the answers and stores everything. The database says what happened even
 * if this process dies part way.
 */
export async function runSuite(suite: LoadedSuite, options: RunOptions): Promise<RunOutcome> {
  const configurations = chooseConfigurations(suite, options.configurations);
  const seed = options.seed ?? suite.seed;
  const repeat = options.repeat ?? 1;
  const items = options.limit === undefined ? suite.items : suite.items.slice(0, options.limit);
  const countTokens = await loadTokenCounter();
  const database = openDatabase(options.databasePath);
  const store = new RunStore(database);
  const runId = store.createRun({
    kind: 'run',
    suiteName: suite.name,
    suiteVersion: suite.version,
    suiteHash: suite.contentHash,
    suitePath: suite.path,
    toolVersion,
    seed,
    repeat,
    baseline: suite.baseline,
    frontier: suite.frontier,
    marginPp: suite.marginPp,
    status: 'running',
    itemCount: items.length,
    options: { configurations: configurations.map((configuration) => configuration.name), limit: options.limit ?? null },
    startedAt: new Date().toISOString(),
    models: Object.values(suite.models).map((model) => ({
      name: model.name,
      provider: model.provider,
      model: model.model,
      inputPerMtokUsd: model.price.inputPerMtokUsd,
      outputPerMtokUsd: model.price.outputPerMtokUsd,
      cachedInputPerMtokUsd: model.price.cachedInputPerMtokUsd,
      priceSource: model.price.source,
      settings: model.settings,
    })),
    configurations: configurations.map(({ name, ...spec }) => ({ name, kind: spec.kind, spec: serialisable(spec) })),
  });

  const providers: Record<string, Provider> = {
    mock: createMockProvider({ seed, correlation: suite.mockCorrelation, countTokens }),
  };
  const engine = new AnswerEngine({
    runId,
    store,
    providers,
    useCache: options.useCache ?? true,
    maxAttempts: options.maxAttempts ?? 4,
    concurrency: options.concurrency,
    signal: options.signal,
  });
  const routers = new Map<string, ItemRouter>(configurations.map((configuration) => [configuration.name, createRouter(configuration)]));
  const template = compileTemplate(suite.prompt);
  const progress: RunProgress = { done: 0, total: items.length * configurations.length * repeat, passed: 0 };
  let pendingItems: ItemRecord[] = [];
  let position = 0;

  const answerItem = async (item: Item) => {
    const prompt = template.render(item.fields);
    const promptTokens = countTokens(prompt);
    pendingItems.push({
      runId,
      itemId: item.id,
      position: position++,
      tags: item.tags,
      promptTokens,
      expectedJson: item.expected === undefined ? null : JSON.stringify(item.expected),
      fieldsJson: JSON.stringify(item.fields),
    });
    if (pendingItems.length >= itemBatch) {
      store.addItems(pendingItems);
      pendingItems = [];
    }
    const checks = suite.checksFor(item);
    const memo = new Map<string, Promise<Answer>>();
    const tasks: Array<Promise<void>> = [];
    for (let sample = 0; sample < repeat; sample++) {
      for (const configuration of configurations) {
        tasks.push(
          (async () => {
            const decision = routers.get(configuration.name)!.decide({ item, prompt, promptTokens });
            const model = suite.models[decision.model]!;
            const answer = await engine.answer({ model, item, prompt, sample, checks, memo });
            const result = grade(runId, configuration.name, item, sample, answer, decision.reason, checks);
            store.recordResult(result);
            progress.done++;
            if (result.status === 'pass') progress.passed++;
          })(),
        );
      }
    }
    await Promise.all(tasks);
    options.onProgress?.(progress);
  };

  let status: RunStatus = 'complete';
  try {
    await forEachConcurrent(items, options.concurrency, answerItem, () => options.signal?.aborted ?? false);
    if (pendingItems.length > 0) store.addItems(pendingItems);
    if (options.signal?.aborted) status = 'interrupted';
    store.setStatus(runId, status);
  } catch (error) {
    status = 'failed';
    store.setStatus(runId, status, (error as Error).message);
    throw error;
  } finally {
    database.close();
  }
  return { runId, status, results: progress.done };

  function grade(runId: number, configuration: string, item: Item, sample: number, answer: Answer, reason: string,
    checks: LoadedSuite['defaultChecks']): ResultRecord {
    const base = { runId, configuration, itemId: item.id, sample, model: answer.modelName, models: [answer.modelName],
      routeReason: reason, costUsd: answer.costUsd, spentUsd: answer.spentUsd, latencyMs: answer.latencyMs,
      cached: answer.cached, gradingCostUsd: 0 };
    if (!answer.ok) {
      return { ...base, output: null, status: 'error', score: null, reason: `no answer: ${answer.error}` };
    }
    const verdict = gradeAll(checks, answer.output, item);
    return { ...base, output: answer.output, status: verdict.status,
      score: verdict.status === 'error' ? null : verdict.score, reason: verdict.reason };
  }
}

function chooseConfigurations(suite: LoadedSuite, names: string[] | undefined): ConfigurationSpec[] {
  if (!names || names.length === 0) return suite.configurations;
  const known = suite.configurations.map((configuration) => configuration.name);
  for (const name of names) {
    if (!known.includes(name)) throw new UsageError(`--configs: unknown configuration "${name}"${didYouMean(name, known)}; known: ${known.join(', ')}`);
  }
  const wanted = new Set(names);
  wanted.add(suite.baseline);
  return suite.configurations.filter((configuration) => wanted.has(configuration.name));
}

/** Configuration specs hold RegExps; store them as their source text. */
function serialisable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (inner instanceof RegExp ? inner.toString() : inner)));
}
