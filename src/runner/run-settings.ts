import { UsageError } from '../errors.js';
import { withoutCredentials } from '../providers/http.js';
import { postHocSourceModels } from '../routing/create-router.js';
import type { NewRun } from '../store/run-store.js';
import type { ConfigurationSpec, LoadedSuite, RunRecord, RunSettings, Shard } from '../types/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import { serialisable } from '../util/serialisable.js';
import { toolVersion } from '../version.js';
import type { SampleRequest } from './item-sample.js';
import { refuseRepeatedReplays } from './refuse-repeated-replays.js';
import type { UntilSettled } from './until-settled.js';

/** What `route-bench run` was asked for, before a run exists. */
export interface RunRequest {
  /** Run only these configurations (the baseline is added when missing, to measure against). */
  configurations?: string[];
  limit?: number;
  /** A seeded random sample of this many items instead of the first `limit`. */
  sample?: SampleRequest;
  seed?: number;
  repeat?: number;
  useCache?: boolean;
  maxCostUsd?: number;
  shard?: Shard;
  /** Items in seeded waves, each configuration stopping once its verdict is settled. */
  untilSettled?: UntilSettled;
  /** Answers through the providers' batch APIs, a wave at a time. */
  batch?: BatchPlan;
}

/** `run --batch`: a failed line retried in the next batch or live; `wave`: items per batch (without --until-settled). */
export interface BatchPlan {
  fallback: 'batch' | 'live';
  wave?: number;
  pollMs?: number;
}

/** The settings a run goes by: a new run's from the request, a resumed run's from what it stored. */
export interface RunPlan {
  configurations: ConfigurationSpec[];
  seed: number;
  repeat: number;
  limit: number | undefined;
  sample: SampleRequest | undefined;
  maxCostUsd: number | null;
  shard: Shard | undefined;
  useCache: boolean;
  untilSettled: UntilSettled | undefined;
  batch: BatchPlan | undefined;
}

export function planNewRun(suite: LoadedSuite, request: RunRequest): RunPlan {
  const configurations = chooseConfigurations(suite, request.configurations);
  refuseRepeatedReplays(suite.models, configurations, request.repeat ?? 1);
  return {
    configurations,
    seed: request.seed ?? suite.seed,
    repeat: request.repeat ?? 1,
    limit: request.limit,
    sample: request.sample,
    maxCostUsd: request.maxCostUsd ?? null,
    shard: request.shard,
    useCache: request.useCache ?? true,
    untilSettled: request.untilSettled,
    batch: request.batch,
  };
}

/** A resumed run keeps the settings it started with; the suite must be the one it ran. */
export function planResumedRun(suite: LoadedSuite, run: RunRecord, unanswered: number): RunPlan {
  if (run.kind !== 'run') throw new UsageError(`run ${run.id} is ${run.kind}, not a run that can be resumed`);
  // A complete run may still hold answers a provider never gave: a resume asks for them again.
  if (run.status === 'complete' && unanswered === 0) throw new UsageError(`run ${run.id} is already complete`);
  if (run.status === 'running' && run.pid !== null && run.pid !== process.pid && isAlive(run.pid)) {
    throw new UsageError(`run ${run.id} is being run by process ${run.pid} on this machine; resuming it too would pay for its answers twice`);
  }
  if (run.suiteHash !== suite.contentHash) {
    throw new UsageError(`the suite or its dataset changed since run ${run.id} started (content hash differs); start a new run instead`);
  }
  const { options } = run;
  const names = options.configurations.length > 0 ? options.configurations : suite.configurations.map((configuration) => configuration.name);
  return {
    configurations: chooseConfigurations(suite, names),
    seed: run.seed,
    repeat: run.repeat,
    limit: options.limit ?? undefined,
    sample: options.sample ?? undefined,
    maxCostUsd: options.maxCostUsd,
    shard: options.shard ?? undefined,
    // A resume never pays again for what is stored.
    useCache: true,
    untilSettled: options.untilSettled ?? undefined,
    // A resumed batched run polls the batches it left in flight: it stays batched.
    batch: options.batch ?? undefined,
  };
}

/** The document stored with a new run: what a resume, a simulation, the gate and the report read back. */
export function settingsDocument(suite: LoadedSuite, plan: RunPlan, requestedCache: boolean): RunSettings {
  return {
    schemaVersion: 1,
    configurations: plan.configurations.map((configuration) => configuration.name),
    limit: plan.limit ?? null,
    sample: plan.sample ?? null,
    maxCostUsd: plan.maxCostUsd,
    shard: plan.shard ?? null,
    untilSettled: plan.untilSettled ?? null,
    batch: plan.batch ? { fallback: plan.batch.fallback, wave: plan.batch.wave } : null,
    useCache: requestedCache,
    // So a simulation can build the views the routers had: the prompt they saw, the fields they did not.
    prompt: suite.prompt,
    referenceFields: suite.referenceFields,
    gate: suite.gate ?? null,
    checks: serialisable(suite.checks) as RunSettings['checks'],
    maxGapPct: suite.maxGapPct,
  };
}

export function newRunRecord(suite: LoadedSuite, plan: RunPlan, itemCount: number, requestedCache: boolean): NewRun {
  return {
    kind: 'run',
    suiteName: suite.name,
    suiteVersion: suite.version,
    suiteHash: suite.contentHash,
    suitePath: suite.path,
    toolVersion,
    seed: plan.seed,
    repeat: plan.repeat,
    baseline: suite.baseline,
    frontier: suite.frontier,
    marginPp: suite.marginPp,
    status: 'running',
    itemCount,
    options: settingsDocument(suite, plan, requestedCache),
    startedAt: new Date().toISOString(),
    models: Object.values(suite.models).map((model) => ({
      name: model.name,
      provider: model.provider,
      model: model.model,
      inputPerMtokUsd: model.price.inputPerMtokUsd,
      outputPerMtokUsd: model.price.outputPerMtokUsd,
      cachedInputPerMtokUsd: model.price.cachedInputPerMtokUsd,
      priceSource: model.price.source,
      settings: { ...model.settings, baseUrl: model.http ? withoutCredentials(model.http.baseUrl) : undefined, replay: model.replay?.source,
        // The variable's name, never its value: a simulation keeps it from the routers it starts, as the run did.
        apiKeyEnv: model.http?.apiKeyEnv, shareKey: model.http?.shareKey || undefined },
    })),
    configurations: plan.configurations.map(({ name, ...spec }) => ({ name, kind: spec.kind, spec: serialisable(spec) })),
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
    for (const model of postHocSourceModels(configuration)) {
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
