import pLimit, { type LimitFunction } from 'p-limit';
import type { Check } from '../checks/types.js';
import { ProviderError } from '../errors.js';
import { costUsd } from '../pricing/cost.js';
import type { GenerateResult, Message, Provider } from '../providers/types.js';
import type { RunStore } from '../store/run-store.js';
import type { Item, ModelSpec } from '../suite/types.js';
import { cacheKey } from './cache-key.js';

/** One model's answer to one item, however it was obtained. */
export interface Answer {
  modelName: string;
  ok: boolean;
  output: string;
  error?: string;
  /** What the answer cost when it was made. */
  costUsd: number;
  /** What this request paid: 0 when the answer came from the cache or another configuration. */
  spentUsd: number;
  latencyMs: number;
  cached: boolean;
}

export interface AnswerRequest {
  model: ModelSpec;
  item: Item;
  prompt: string;
  sample: number;
  checks: Check[];
  /** Answers already asked for this item in this run, shared by its configurations. */
  memo: Map<string, Promise<Answer>>;
}

export interface EngineOptions {
  runId: number;
  store: RunStore;
  providers: Record<string, Provider>;
  useCache: boolean;
  maxAttempts: number;
  /** Provider calls in flight at most, across the run. */
  concurrency: number;
  signal?: AbortSignal;
  /** Waits between attempts; tests replace it to run without waiting. */
  sleep?: (milliseconds: number) => Promise<void>;
}

const maxBackoffMs = 30_000;

/**
 * The model wrapper: cache, retries and usage accounting around a provider
 * adapter. Every attempt becomes a row in `calls`.
 */
export class AnswerEngine {
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly limit: LimitFunction;

  constructor(private readonly options: EngineOptions) {
    this.limit = pLimit(options.concurrency);
    this.sleep = options.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
  }

  answer(request: AnswerRequest): Promise<Answer> {
    const provider = this.providerFor(request.model);
    const messages = buildMessages(request.model, request.prompt);
    const key = cacheKey(request.model, messages, request.sample, provider.identity?.({ ...request, messages }));
    const shared = request.memo.get(key);
    if (shared) return shared.then((answer) => ({ ...answer, spentUsd: 0, cached: true }));
    const answer = this.fetchAnswer(request, provider, messages, key);
    request.memo.set(key, answer);
    return answer;
  }

  private providerFor(model: ModelSpec): Provider {
    const provider = this.options.providers[model.provider];
    if (!provider) throw new Error(`no provider adapter registered for "${model.provider}"`);
    return provider;
  }

  private async fetchAnswer(request: AnswerRequest, provider: Provider, messages: Message[], key: string): Promise<Answer> {
    const { model } = request;
    if (this.options.useCache) {
      const cached = this.options.store.findCached(key);
      if (cached) {
        return { modelName: model.name, ok: true, output: cached.output, costUsd: cached.costUsd, spentUsd: 0,
          latencyMs: cached.latencyMs, cached: true };
      }
    }
    let lastError = 'no attempt made';
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt++) {
      const startedAt = new Date().toISOString();
      // Measured from when the call leaves the queue: waiting for a slot is not the model's latency.
      let started = performance.now();
      try {
        const result = await this.limit(() => {
          started = performance.now();
          return provider.generate({ model, messages, item: request.item, sample: request.sample,
            checks: request.checks, signal: this.options.signal });
        });
        const latencyMs = performance.now() - started;
        const cost = costUsd(model.price, result.usage);
        this.record(request, key, attempt, startedAt, latencyMs, { result, cost });
        return { modelName: model.name, ok: true, output: result.output, costUsd: cost, spentUsd: cost, latencyMs, cached: false };
      } catch (error) {
        const latencyMs = performance.now() - started;
        const providerError = error instanceof ProviderError ? error : undefined;
        lastError = (error as Error).message;
        this.record(request, key, attempt, startedAt, latencyMs, { error: providerError ?? (error as Error) });
        const retryable = providerError ? providerError.isRetryable : false;
        if (!retryable || attempt === this.options.maxAttempts || this.options.signal?.aborted) break;
        await this.sleep(backoffMs(attempt, providerError?.retryAfterMs));
      }
    }
    return { modelName: model.name, ok: false, output: '', error: lastError, costUsd: 0, spentUsd: 0, latencyMs: 0, cached: false };
  }

  private record(
    request: AnswerRequest,
    key: string,
    attempt: number,
    startedAt: string,
    latencyMs: number,
    outcome: { result: GenerateResult; cost: number } | { error: Error },
  ): void {
    const base = { runId: this.options.runId, itemId: request.item.id, modelName: request.model.name, sample: request.sample,
      purpose: 'answer' as const, cacheKey: key, attempt, latencyMs, startedAt };
    if ('result' in outcome) {
      const { usage } = outcome.result;
      this.options.store.recordCall({ ...base, status: 'ok', httpStatus: null, inputTokens: usage.inputTokens ?? null,
        outputTokens: usage.outputTokens ?? null, cachedInputTokens: usage.cachedInputTokens ?? null,
        reasoningTokens: usage.reasoningTokens ?? null, usageEstimated: false, costUsd: outcome.cost,
        output: outcome.result.output, error: null, finishReason: outcome.result.finishReason.unified,
        rawUsageJson: outcome.result.rawUsage === undefined ? null : JSON.stringify(outcome.result.rawUsage) });
    } else {
      const status = outcome.error instanceof ProviderError ? (outcome.error.status ?? null) : null;
      this.options.store.recordCall({ ...base, status: 'error', httpStatus: status, inputTokens: null, outputTokens: null,
        cachedInputTokens: null, reasoningTokens: null, usageEstimated: false, costUsd: 0, output: null,
        error: outcome.error.message, finishReason: null, rawUsageJson: null });
    }
  }
}

export function buildMessages(model: ModelSpec, prompt: string): Message[] {
  const messages: Message[] = [];
  if (model.settings.system) messages.push({ role: 'system', content: model.settings.system });
  messages.push({ role: 'user', content: prompt });
  return messages;
}

/** Exponential backoff with full jitter, capped; a server's retry-after wins. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, 5 * 60_000);
  const ceiling = Math.min(maxBackoffMs, 500 * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
