import pLimit, { type LimitFunction } from 'p-limit';
import type { CallRecord, Check, GenerateResult, Item, Message, ModelAnswer, ModelSpec } from '../types/index.js';
import { ProviderError, RunStoppedError } from '../errors.js';
import { withoutCredentials } from '../providers/http.js';
import { costUsd } from '../pricing/cost.js';
import { MissingRecordError } from '../errors.js';
import type { Provider } from '../providers/types.js';
import type { RunStore } from '../store/run-store.js';
import type { TokenCounter } from '../tokens/count-tokens.js';
import { Budget, BudgetExhaustedError } from './budget.js';
import { cacheKey } from './cache-key.js';
import { RateLimiter } from './rate-limiter.js';
import { sleep } from '../util/sleep.js';

/**
 * One model's answer to one item, however it was obtained. `outcome`: `ok`
 * an answer; `failed` every attempt failed; `missing` a replay has no
 * record (on_missing: skip). `costUsd` is what the answer cost when it was
 * made; `spentUsd` what this request paid (0 from the cache, a recording
 * or another configuration).
 */
export type Answer = ModelAnswer;

export interface AnswerRequest {
  model: ModelSpec;
  item: Item;
  prompt: string;
  /** Token count of the prompt, for budgets and rate limits. */
  promptTokens: number;
  sample: number;
  checks: Check[];
  /** Answers already asked for this item in this run, shared by its configurations. */
  memo: Map<string, Promise<Answer>>;
  purpose?: CallRecord['purpose'];
}

export interface EngineOptions {
  runId: number;
  store: RunStore;
  providers: Record<string, Provider>;
  countTokens: TokenCounter;
  useCache: boolean;
  /** Provider calls in flight at most, across the run. */
  concurrency: number;
  budget?: Budget;
  /** Aborts calls in flight (a second Ctrl-C, or the grace period after the first). */
  signal?: AbortSignal;
  /** Waits between attempts; tests replace it to run without waiting. */
  sleep?: (milliseconds: number) => Promise<void>;
  /** Something a person watching the run should know now (a long server-requested wait). */
  onNotice?: (text: string) => void;
  /** The clock of the down-provider rule; tests move it by hand. */
  now?: () => number;
}

/** What the calls so far have done, for progress lines. */
export interface EngineStats {
  attempts: number;
  failedAttempts: number;
  /** Answers waiting out a back-off or a server's retry-after right now. */
  retriesWaiting: number;
  /** What this process paid providers. */
  spentUsd: number;
}

const maxBackoffMs = 8_000;
const defaultMaxRetryWaitMs = 60_000;
const defaultDownAfterFailures = 10;
const defaultDownAfterMs = 10_000;
/** A server-requested wait at least this long is announced: a silent minute looks like a hang. */
const announcedWaitMs = 10_000;
/** These statuses say the configuration is wrong (key, permission, model name), not the model: the run stops. */
const setupStatuses = new Set([401, 403, 404]);
/** Output tokens assumed for a budget when the model sets no max_tokens and none was seen yet. */
const defaultOutputTokensForBudget = 1024;

/** Thrown when the calls in flight were aborted: the item gets no result, and a resume asks again. */
export class CallAbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'CallAbortedError';
  }
}

interface ModelGate {
  concurrency: LimitFunction | undefined;
  requests: RateLimiter | undefined;
  tokens: RateLimiter | undefined;
  /** The most output tokens seen so far, for budget estimates. */
  maxOutputTokensSeen: number;
  /** Retryable failures since the model's last success, when the first of them was, and the last one. */
  failureStreak: number;
  failingSinceMs: number | undefined;
  lastError: string;
  lastAnnouncedWaitMs: number;
}

/**
 * The model wrapper: cache, rate limits, retries, budget and usage
 * accounting around a provider adapter, which makes one attempt. Every
 * attempt becomes a row in `calls`.
 */
export class AnswerEngine {
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly limit: LimitFunction;
  private readonly gates = new Map<string, ModelGate>();
  private readonly now: () => number;
  readonly stats: EngineStats = { attempts: 0, failedAttempts: 0, retriesWaiting: 0, spentUsd: 0 };

  constructor(private readonly options: EngineOptions) {
    this.limit = pLimit(options.concurrency);
    this.sleep = options.sleep ?? ((milliseconds) => sleep(milliseconds, options.signal));
    this.now = options.now ?? (() => performance.now());
  }

  answer(request: AnswerRequest): Promise<Answer> {
    const provider = this.providerFor(request.model);
    const messages = buildMessages(request.model, request.prompt);
    const identity = provider.identity?.({ ...request, messages, attempt: 1 });
    const key = cacheKey(request.model, messages, request.sample, identity);
    const shared = request.memo.get(key);
    // Another model entry may share the answer (same provider, model and settings): the answer is now this one's.
    if (shared) {
      return shared.then((answer) => ({ ...answer, modelName: request.model.name, spentUsd: 0,
        cached: answer.outcome === 'ok' || answer.cached }));
    }
    const answer = provider.replays
      ? this.replay(request, provider, messages)
      : this.fetchAnswer(request, provider, messages, key);
    request.memo.set(key, answer);
    return answer;
  }

  private providerFor(model: ModelSpec): Provider {
    const provider = this.options.providers[model.provider];
    if (!provider) throw new Error(`no provider adapter registered for "${model.provider}"`);
    return provider;
  }

  private async replay(request: AnswerRequest, provider: Provider, messages: Message[]): Promise<Answer> {
    const { model } = request;
    try {
      const result = await provider.generate({ model, messages, item: request.item, sample: request.sample, attempt: 1,
        checks: request.checks });
      const cost = result.recorded?.costUsd ?? costUsd(model.price, result.usage);
      return { modelName: model.name, outcome: 'ok', output: result.output, costUsd: cost, spentUsd: 0,
        latencyMs: result.recorded?.latencyMs ?? Number.NaN, cached: false, recordedScore: result.recorded?.score };
    } catch (error) {
      if (!(error instanceof MissingRecordError)) throw error;
      return { modelName: model.name, outcome: 'missing', output: '', error: error.message, costUsd: 0, spentUsd: 0,
        latencyMs: Number.NaN, cached: false };
    }
  }

  private async fetchAnswer(request: AnswerRequest, provider: Provider, messages: Message[], key: string): Promise<Answer> {
    const { model } = request;
    if (this.options.useCache) {
      const cached = this.options.store.findCached(key);
      if (cached) {
        const answer: Answer = { modelName: model.name, outcome: 'ok', output: cached.output, costUsd: cached.costUsd, spentUsd: 0,
          latencyMs: cached.latencyMs, cached: true };
        return isRefusal(cached.finishReason, cached.output) ? refused(answer) : answer;
      }
    }
    const gate = this.gateOf(model);
    const budget = this.options.budget;
    const inputTokens = this.inputTokensOf(request, messages);
    let lastError: ProviderError | undefined;
    for (let attempt = 1; attempt <= model.limits.maxAttempts; attempt++) {
      if (this.options.signal?.aborted) throw new CallAbortedError();
      const worstCaseUsd = this.worstCaseUsd(model, inputTokens, gate);
      if (budget) {
        for (let verdict = budget.reserve(worstCaseUsd); verdict !== 'reserved'; verdict = budget.reserve(worstCaseUsd)) {
          if (verdict === 'exhausted') throw new BudgetExhaustedError();
          // The calls in flight hold the room this one needs: wait until one of them settles.
          await budget.settled();
          if (this.options.signal?.aborted) throw new CallAbortedError();
        }
      }
      let settled = false;
      const settle = (cost: number) => {
        if (!settled) budget?.settle(worstCaseUsd, cost);
        settled = true;
      };
      const startedAt = new Date().toISOString();
      // The clock starts when the call leaves every queue: waiting for a slot or a rate limit is not model latency.
      let started = performance.now();
      try {
        const result = await this.limit(() =>
          this.throughGate(gate, inputTokens, async () => {
            started = performance.now();
            if (this.options.signal?.aborted) throw new CallAbortedError();
            this.stats.attempts++;
            return this.providerFor(model).generate({ model, messages, item: request.item, sample: request.sample,
              attempt, checks: request.checks, signal: this.options.signal });
          }),
        );
        const latencyMs = performance.now() - started;
        const usage = this.completeUsage(result, messages);
        const cost = costUsd(model.price, usage.usage);
        settle(cost);
        this.stats.spentUsd += cost;
        gate.tokens?.charge(usage.usage.outputTokens ?? 0);
        gate.maxOutputTokensSeen = Math.max(gate.maxOutputTokensSeen, usage.usage.outputTokens ?? 0);
        gate.failureStreak = 0;
        gate.failingSinceMs = undefined;
        this.recordSuccess(request, key, attempt, startedAt, latencyMs, result, usage.usage, usage.estimated, cost);
        // Money was spent: the answer reaches the disk now, so no kill can make a resume pay for it again.
        if (model.http) this.options.store.flush();
        const answer: Answer = { modelName: model.name, outcome: 'ok', output: result.output, costUsd: cost, spentUsd: cost, latencyMs,
          cached: false };
        return isRefusal(result.finishReason.unified, result.output) ? refused(answer) : answer;
      } catch (error) {
        settle(0);
        const latencyMs = performance.now() - started;
        if (error instanceof CallAbortedError) throw error;
        if (this.options.signal?.aborted) {
          this.recordFailure(request, key, attempt, startedAt, latencyMs, new Error('aborted: the run was stopping'));
          throw new CallAbortedError();
        }
        const providerError = error instanceof ProviderError ? error : undefined;
        if (!providerError) throw error;
        lastError = providerError;
        this.stats.failedAttempts++;
        this.recordFailure(request, key, attempt, startedAt, latencyMs, providerError);
        if (providerError.status !== undefined && setupStatuses.has(providerError.status)) {
          throw new RunStoppedError(`model "${model.name}"${this.whereOf(model)} refused the request: ${providerError.message}; fix the model's settings or key, then resume`);
        }
        if (!providerError.isRetryable) break;
        this.noteRetryableFailure(model, gate, providerError);
        if (attempt === model.limits.maxAttempts) break;
        await this.waitBeforeRetry(model, gate, attempt, providerError.retryAfterMs);
      }
    }
    const message = lastError?.message ?? 'no attempt made';
    return { modelName: model.name, outcome: 'failed', output: '', error: message, unanswered: failureKind(lastError), costUsd: 0,
      spentUsd: 0, latencyMs: Number.NaN, cached: false };
  }

  /**
   * A model whose attempts have all failed for a while is not answering at
   * all (connection refused, a dead gateway, an exhausted quota): going on
   * would only grade its silence as wrong answers. Both a count and a span
   * are needed: with many calls in flight, a one-second blip fails dozens at
   * once, and a slow trickle of failures may take a long time to reach a count.
   */
  private noteRetryableFailure(model: ModelSpec, gate: ModelGate, error: ProviderError): void {
    const now = this.now();
    gate.failureStreak++;
    gate.failingSinceMs ??= now;
    gate.lastError = error.message;
    const failures = model.limits.downAfterFailures ?? defaultDownAfterFailures;
    const spanMs = now - gate.failingSinceMs;
    if (gate.failureStreak >= failures && spanMs >= (model.limits.downAfterMs ?? defaultDownAfterMs)) {
      throw new RunStoppedError(`model "${model.name}"${this.whereOf(model)} is not answering: its last ${gate.failureStreak} attempts over ${(spanMs / 1000).toFixed(1)} s failed, the last with: ${error.message}`);
    }
  }

  private async waitBeforeRetry(model: ModelSpec, gate: ModelGate, attempt: number, retryAfterMs: number | undefined): Promise<void> {
    const capMs = model.limits.maxRetryWaitMs ?? defaultMaxRetryWaitMs;
    const waitMs = retryWaitMs(attempt, retryAfterMs, capMs);
    const now = this.now();
    if (waitMs >= announcedWaitMs && now - gate.lastAnnouncedWaitMs >= announcedWaitMs) {
      gate.lastAnnouncedWaitMs = now;
      const asked = retryAfterMs !== undefined && retryAfterMs > capMs ? ` (the server asked for ${formatSeconds(retryAfterMs)}; max_retry_wait_ms caps it)` : '';
      this.options.onNotice?.(`model "${model.name}": waiting ${formatSeconds(waitMs)} before retrying${asked}`);
    }
    this.stats.retriesWaiting++;
    try {
      await this.sleep(waitMs);
    } finally {
      this.stats.retriesWaiting--;
    }
  }

  private whereOf(model: ModelSpec): string {
    return model.http ? ` at ${withoutCredentials(model.http.baseUrl)}` : '';
  }

  private gateOf(model: ModelSpec): ModelGate {
    let gate = this.gates.get(model.name);
    if (!gate) {
      const { maxConcurrency, requestsPerMinute, tokensPerMinute } = model.limits;
      gate = {
        concurrency: maxConcurrency === undefined ? undefined : pLimit(maxConcurrency),
        requests: requestsPerMinute === undefined ? undefined : new RateLimiter(requestsPerMinute),
        tokens: tokensPerMinute === undefined ? undefined : new RateLimiter(tokensPerMinute),
        maxOutputTokensSeen: 0,
        failureStreak: 0,
        failingSinceMs: undefined,
        lastError: '',
        lastAnnouncedWaitMs: Number.NEGATIVE_INFINITY,
      };
      this.gates.set(model.name, gate);
    }
    return gate;
  }

  private async throughGate<T>(gate: ModelGate, promptTokens: number, call: () => Promise<T>): Promise<T> {
    const limited = async () => {
      await gate.requests?.take(1);
      await gate.tokens?.take(promptTokens);
      return call();
    };
    return gate.concurrency ? gate.concurrency(limited) : limited();
  }

  /**
   * The tokens sent: the prompt, and the system prompt when the model has one. Budgets and token
   * limits that counted the prompt alone would let a call with a system prompt past the cap.
   */
  private inputTokensOf(request: AnswerRequest, messages: Message[]): number {
    if (messages.length === 1) return request.promptTokens;
    return this.options.countTokens(messages.map((message) => message.content).join('\n'));
  }

  private worstCaseUsd(model: ModelSpec, promptTokens: number, gate: ModelGate): number {
    const outputTokens = model.settings.maxOutputTokens ?? (gate.maxOutputTokensSeen || defaultOutputTokensForBudget);
    return costUsd(model.price, { inputTokens: promptTokens, outputTokens });
  }

  /** Fills in what the provider did not report, with the tokenizer, and says so. */
  private completeUsage(result: GenerateResult, messages: Message[]) {
    const usage = { ...result.usage };
    let estimated = result.usageEstimated ?? false;
    if (usage.inputTokens === undefined) {
      usage.inputTokens = this.options.countTokens(messages.map((message) => message.content).join('\n'));
      estimated = true;
    }
    if (usage.outputTokens === undefined) {
      usage.outputTokens = this.options.countTokens(result.output);
      estimated = true;
    }
    return { usage, estimated };
  }

  private recordSuccess(request: AnswerRequest, key: string, attempt: number, startedAt: string, latencyMs: number,
    result: GenerateResult, usage: GenerateResult['usage'], usageEstimated: boolean, cost: number): void {
    this.options.store.recordCall({ ...this.callBase(request, key, attempt, startedAt, latencyMs), status: 'ok',
      httpStatus: null, inputTokens: usage.inputTokens ?? null, outputTokens: usage.outputTokens ?? null,
      cachedInputTokens: usage.cachedInputTokens ?? null, reasoningTokens: usage.reasoningTokens ?? null, usageEstimated,
      costUsd: cost, output: result.output, error: null, finishReason: result.finishReason.unified,
      rawUsageJson: result.rawUsage === undefined ? null : JSON.stringify(result.rawUsage) });
  }

  private recordFailure(request: AnswerRequest, key: string, attempt: number, startedAt: string, latencyMs: number,
    error: Error): void {
    const status = error instanceof ProviderError ? (error.status ?? null) : null;
    this.options.store.recordCall({ ...this.callBase(request, key, attempt, startedAt, latencyMs), status: 'error',
      httpStatus: status, inputTokens: null, outputTokens: null, cachedInputTokens: null, reasoningTokens: null,
      usageEstimated: false, costUsd: 0, output: null, error: error.message, finishReason: null, rawUsageJson: null });
  }

  private callBase(request: AnswerRequest, key: string, attempt: number, startedAt: string, latencyMs: number) {
    return { runId: this.options.runId, itemId: request.item.id, modelName: request.model.name, sample: request.sample,
      purpose: request.purpose ?? ('answer' as const), cacheKey: key, attempt, latencyMs, startedAt };
  }
}

export function buildMessages(model: ModelSpec, prompt: string): Message[] {
  const messages: Message[] = [];
  if (model.settings.system) messages.push({ role: 'system', content: model.settings.system });
  messages.push({ role: 'user', content: prompt });
  return messages;
}

/** Exponential backoff with jitter (0.5 s x 2^n, capped at 8 s, as the official SDKs do). */
export function backoffMs(attempt: number): number {
  const ceiling = Math.min(maxBackoffMs, 500 * 2 ** (attempt - 1));
  return ceiling * (0.75 + Math.random() * 0.25);
}

/**
 * How long to wait before the next attempt: what the server asked for, up to
 * `capMs`; the back-off when it asked for nothing, or for no wait at all (a
 * retry-after of 0 or a date already past would fire every attempt at once).
 */
export function retryWaitMs(attempt: number, retryAfterMs: number | undefined, capMs: number = defaultMaxRetryWaitMs): number {
  if (retryAfterMs === undefined || !(retryAfterMs > 0)) return backoffMs(attempt);
  return Math.min(retryAfterMs, capMs);
}

/**
 * A content filter that stopped the answer before any text is a refusal: the model gave no answer, as
 * with a 400, though the call succeeded and was paid. Text cut short by a filter is still an answer.
 */
function isRefusal(finishReason: string | null, output: string): boolean {
  return finishReason === 'content-filter' && output.trim() === '';
}

function refused(answer: Answer): Answer {
  return { ...answer, outcome: 'failed', output: '', error: 'the provider refused to answer (content filter)', unanswered: 'content filter' };
}

/** A short label of why a model gave no answer, to count failures by: `HTTP 400`, `timeout`, `network error`. */
export function failureKind(error: ProviderError | undefined): string {
  if (!error) return 'no attempt';
  if (error.status !== undefined && error.status !== 200) return `HTTP ${error.status}`;
  switch (error.kind) {
    case 'timeout':
      return 'timeout';
    case 'network':
      return 'network error';
    case 'malformed':
      return 'malformed response';
    default:
      return 'request failed';
  }
}

function formatSeconds(milliseconds: number): string {
  return milliseconds >= 10_000 ? `${Math.round(milliseconds / 1000)} s` : `${(milliseconds / 1000).toFixed(1)} s`;
}
