import { UsageError } from '../errors.js';
import { createAnthropicBatchClient } from '../providers/batch/anthropic-batch.js';
import { createOpenAiBatchClient } from '../providers/batch/openai-batch.js';
import type { BatchHandle } from '../providers/batch/types.js';
import { BatchStore } from '../store/batches.js';
import type { SqliteDatabase } from '../store/open-database.js';
import type { RunStore } from '../store/run-store.js';
import type { LoadedSuite, ModelSpec } from '../types/index.js';
import { keyIn } from '../util/secrets.js';
import { batchDiscount, BatchQueue } from './engine/batch-queue.js';

/** `run --batch`: how a failed line is asked again, and how often a batch is looked at. */
export interface BatchSettings {
  fallback: 'batch' | 'live';
  /** Between two looks at a batch in flight (default 30 s; tests set it low with ROUTE_BENCH_BATCH_POLL_MS). */
  pollMs?: number;
}

const batchProviders = new Set(['openai', 'anthropic']);

/**
 * The suite as a batched run prices it: every OpenAI and Anthropic model at
 * the batch discount, its price's source saying so (the run stores it).
 * Mock and replayed models are free of calls and answer as they do live.
 */
export function withBatchPrices(suite: LoadedSuite): LoadedSuite {
  const batched = Object.values(suite.models).filter((model) => batchProviders.has(model.provider));
  if (batched.length === 0) {
    throw new UsageError('--batch: no model of this suite is answered by a provider with a batch API (openai, anthropic); mock and replay models need none');
  }
  const models: Record<string, ModelSpec> = {};
  for (const [name, model] of Object.entries(suite.models)) {
    models[name] = !batchProviders.has(model.provider) ? model : {
      ...model,
      price: {
        inputPerMtokUsd: model.price.inputPerMtokUsd * batchDiscount,
        outputPerMtokUsd: model.price.outputPerMtokUsd * batchDiscount,
        cachedInputPerMtokUsd: model.price.cachedInputPerMtokUsd === undefined ? undefined : model.price.cachedInputPerMtokUsd * batchDiscount,
        source: `${model.price.source}, batch: 50%`,
      },
    };
  }
  return { ...suite, models };
}

/**
 * The queue of a batched run, over the database's record of its batches:
 * a batch left in flight by a process that died is polled, one only
 * uploaded (no batch created) is dropped and its lines sent again.
 */
export function createBatchQueue(settings: BatchSettings, context: { database: SqliteDatabase; store: RunStore; runId: number; signal?: AbortSignal; onNotice?(text: string): void }): BatchQueue {
  const batches = new BatchStore(context.database, context.runId);
  const inFlight = new Map<string, BatchHandle>();
  for (const stored of batches.open()) {
    if (stored.batchId === null) {
      // Killed while the create request was out: the provider may have made the batch without our hearing of it.
      if (stored.inputFileId) context.onNotice?.(`model "${stored.modelName}": the last process stopped while creating a batch from file ${stored.inputFileId}; if the provider lists a batch of that file, cancel it, or it is paid as well as the one sent now`);
      batches.abandon(stored.id);
      continue;
    }
    for (const customId of stored.customIds) inFlight.set(`${stored.modelName}\u0000${customId}`, { provider: stored.provider, batchId: stored.batchId, inputFileId: stored.inputFileId ?? undefined });
  }
  const getApiKey = (model: ModelSpec) => {
    const variable = model.http?.apiKeyEnv;
    return variable === undefined ? undefined : keyIn(variable);
  };
  const pollMs = settings.pollMs ?? (Number(process.env.ROUTE_BENCH_BATCH_POLL_MS) || 30_000);
  return new BatchQueue({
    clients: { openai: createOpenAiBatchClient({ getApiKey }), anthropic: createAnthropicBatchClient({ getApiKey }) },
    pollMs,
    signal: context.signal,
    onNotice: context.onNotice,
    ledger: {
      inFlight: (modelName, customId) => inFlight.get(`${modelName}\u0000${customId}`),
      created: (modelName, handle, customIds) => {
        // Out of the open transaction, at once: the id on disk before anything else can fail.
        context.store.flush();
        batches.created(modelName, handle.provider, { inputFileId: handle.inputFileId, batchId: handle.batchId }, customIds);
      },
      finished: (handle, state, counts) => {
        context.store.flush();
        batches.finished(handle.batchId, state, counts);
      },
    },
  });
}
