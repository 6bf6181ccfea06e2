import { CallAbortedError, ProviderError, RunStoppedError } from '../../errors.js';
import { costUsd } from '../../pricing/cost.js';
import type { ServedModelPrice } from '../../pricing/served-model.js';
import { withoutCredentials } from '../../providers/http.js';
import type { RunStore } from '../../store/run-store.js';
import type { TokenCounter } from '../../tokens/count-tokens.js';
import type { GenerateResult, ModelSpec, Usage } from '../../types/index.js';
import { sleep } from '../../util/sleep.js';
import { answerCost, type AnswerCost } from './answer-cost.js';
import { Budget, BudgetExhaustedError } from './budget.js';
import { Limit } from './limit.js';
import { createModelGate, noteFailure, noteSuccess, throughGate, type ModelGate } from './model-gates.js';
import { defaultMaxRetryWaitMs, failureKind, formatSeconds, isRefusal, refused, retryWaitMs, setupStatuses } from './retry-policy.js';
import type { Answer, Attempter, AttemptRequest, Calls, EngineStats, PreparedRequest } from './types.js';

export interface CallsOptions {
  runId: number;
  store: RunStore;
  countTokens: TokenCounter;
  useCache: boolean;
  /** Calls in flight at most, across the run. */
  concurrency: number;
  budget?: Budget;
  /** Aborts calls in flight (a second Ctrl-C, the grace period after the first, a run that must stop). */
  signal?: AbortSignal;
  /** Waits between attempts; tests replace it to run without waiting. */
  sleep?: (milliseconds: number) => Promise<void>;
  /** Something a person watching the run should know now (a long server-requested wait). */
  onNotice?: (text: string) => void;
  /** The clock of the down-provider rule; tests move it by hand. */
  now?: () => number;
  /** Prices of the models a router behind an endpoint says it chose; absent: such answers are priced as configured. */
  servedModelPrice?: ServedModelPrice;
}

/** Output tokens assumed for a budget when the model sets no max_tokens and none was seen yet. */
const defaultOutputTokensForBudget = 1024;
/** A server-requested wait at least this long is announced: a silent minute looks like a hang. */
const announcedWaitMs = 10_000;

/**
 * The model wrapper around an attempter, which makes one attempt: cache,
 * rate limits, retries, budget and usage accounting. Every attempt becomes a
 * row in `calls`.
 */
export class RetryingCalls implements Calls {
  readonly stats: EngineStats = { attempts: 0, failedAttempts: 0, retriesWaiting: 0, spentUsd: 0 };
  private readonly limit: Limit;
  private readonly gates = new Map<string, ModelGate>();
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: CallsOptions) {
    this.limit = new Limit(options.concurrency);
    this.sleep = options.sleep ?? ((milliseconds) => sleep(milliseconds, options.signal));
    this.now = options.now ?? (() => performance.now());
  }

  async withRetries(request: PreparedRequest, attempter: Attempter): Promise<Answer> {
    const { model, key } = request;
    if (this.options.useCache) {
      const cached = this.options.store.findCached(key);
      if (cached) {
        const answer: Answer = { modelName: model.name, outcome: 'ok', output: cached.output, costUsd: cached.costUsd, spentUsd: 0,
          latencyMs: cached.latencyMs, cached: true, finishReason: notableFinish(cached.finishReason), servedModel: cached.servedModel ?? undefined,
          costBasis: cached.costBasis ?? undefined };
        return isRefusal(cached.finishReason, cached.output) ? refused(answer) : answer;
      }
    }
    const gate = this.gateOf(model);
    const inputTokens = this.inputTokensOf(request);
    let lastError: ProviderError | undefined;
    for (let attempt = 1; attempt <= model.limits.maxAttempts; attempt++) {
      if (this.options.signal?.aborted) throw new CallAbortedError();
      const worstCaseUsd = this.worstCaseUsd(model, inputTokens, gate);
      await this.reserve(worstCaseUsd);
      let settled = false;
      const settle = (cost: number) => {
        if (!settled) this.options.budget?.settle(worstCaseUsd, cost);
        settled = true;
      };
      const startedAt = new Date().toISOString();
      // The clock starts when the call leaves every queue: waiting for a slot or a rate limit is not model latency.
      let started = performance.now();
      const batched = attempter.batched === true || (attempter.batched === 'first' && attempt === 1);
      try {
        const send = async () => {
          started = performance.now();
          if (this.options.signal?.aborted) throw new CallAbortedError();
          this.stats.attempts++;
          return attempter.attempt(attemptOf(request, attempt, this.options.signal));
        };
        // A batched attempt only joins a queue: a slot or a rate limit held for hours would stop every other call.
        const result = batched ? await send() : await this.limit.run(() => throughGate(gate, inputTokens, send));
        const latencyMs = performance.now() - started;
        const usage = this.completeUsage(result, request);
        // A batched run's models carry the batch price; a retry asked live (--batch-fallback live) pays the live one.
        const priced = await answerCost(model, usage.usage, result, attempter.priceScale?.(attempt) ?? 1, this.options.servedModelPrice);
        const cost = priced.costUsd;
        settle(cost);
        this.stats.spentUsd += cost;
        noteSuccess(gate, usage.usage.outputTokens ?? 0);
        this.recordSuccess(request, attempt, startedAt, latencyMs, result, usage.usage, usage.estimated, priced, inputTokens);
        // Money was spent: the answer reaches the disk now, so no kill can make a resume pay for it again.
        if (attempter.paid) this.options.store.flush();
        const answer: Answer = { modelName: model.name, outcome: 'ok', output: result.output, costUsd: cost, spentUsd: cost, latencyMs,
          cached: false, finishReason: notableFinish(result.finishReason.unified), servedModel: priced.servedModel ?? undefined, costBasis: priced.costBasis ?? undefined };
        return isRefusal(result.finishReason.unified, result.output) ? refused(answer) : answer;
      } catch (error) {
        settle(0);
        const latencyMs = performance.now() - started;
        if (error instanceof CallAbortedError) throw error;
        if (this.options.signal?.aborted) {
          this.recordFailure(request, attempt, startedAt, latencyMs, new Error('aborted: the run was stopping'));
          throw new CallAbortedError();
        }
        if (!(error instanceof ProviderError)) throw error;
        lastError = error;
        this.stats.failedAttempts++;
        this.recordFailure(request, attempt, startedAt, latencyMs, error);
        if (error.status !== undefined && setupStatuses.has(error.status)) {
          throw new RunStoppedError(`model "${model.name}"${whereOf(model)} refused the request: ${error.message}: check the model's settings or key`);
        }
        if (!error.isRetryable) break;
        // Lines of a batch fail together, hours apart: no sign the model is down, and retried in the next batch.
        const health = batched ? { down: false, spanMs: 0 } : noteFailure(gate, model, this.now());
        if (health.down) {
          throw new RunStoppedError(`model "${model.name}"${whereOf(model)} is not answering: its last ${gate.failureStreak} attempts over ${(health.spanMs / 1000).toFixed(1)} s failed, the last with: ${error.message}`);
        }
        if (attempt === model.limits.maxAttempts) break;
        await this.waitBeforeRetry(model, gate, attempt, error.retryAfterMs);
      }
    }
    return { modelName: model.name, outcome: 'failed', output: '', error: lastError?.message ?? 'no attempt made', unanswered: failureKind(lastError),
      costUsd: 0, spentUsd: 0, latencyMs: Number.NaN, cached: false };
  }

  /** Waits while the calls in flight hold the room this one needs; throws when even the money spent leaves none. */
  private async reserve(worstCaseUsd: number): Promise<void> {
    const budget = this.options.budget;
    if (!budget) return;
    for (let verdict = budget.reserve(worstCaseUsd); verdict !== 'reserved'; verdict = budget.reserve(worstCaseUsd)) {
      if (verdict === 'exhausted') throw new BudgetExhaustedError();
      await budget.settled();
      if (this.options.signal?.aborted) throw new CallAbortedError();
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

  private gateOf(model: ModelSpec): ModelGate {
    let gate = this.gates.get(model.name);
    if (!gate) {
      gate = createModelGate(model);
      this.gates.set(model.name, gate);
    }
    return gate;
  }

  /**
   * The tokens sent: the prompt, and the system prompt when the model has one. Budgets and token
   * limits that counted the prompt alone would let a call with a system prompt past the cap.
   */
  private inputTokensOf(request: PreparedRequest): number {
    if (request.messages.length === 1) return request.promptTokens;
    return this.options.countTokens(request.messages.map((message) => message.content).join('\n'));
  }

  private worstCaseUsd(model: ModelSpec, promptTokens: number, gate: ModelGate): number {
    const outputTokens = model.settings.maxOutputTokens ?? (gate.maxOutputTokensSeen || defaultOutputTokensForBudget);
    return costUsd(model.price, { inputTokens: promptTokens, outputTokens });
  }

  /** Fills in what the provider did not report, with the tokenizer, and says so. */
  private completeUsage(result: GenerateResult, request: PreparedRequest) {
    const reported = result.usage;
    const usage: Usage = {
      inputTokens: reported.inputTokens, outputTokens: reported.outputTokens,
      cachedInputTokens: reported.cachedInputTokens, reasoningTokens: reported.reasoningTokens,
    };
    let estimated = result.usageEstimated ?? false;
    if (usage.inputTokens === undefined) {
      usage.inputTokens = this.options.countTokens(request.messages.map((message) => message.content).join('\n'));
      estimated = true;
    }
    if (usage.outputTokens === undefined) {
      usage.outputTokens = this.options.countTokens(result.output);
      estimated = true;
    }
    return { usage, estimated };
  }

  // Each row is one object literal with every field in one order: spreading a shared part into it made
  // V8 fall back to slow dictionary objects, a tenth of the run's time at 30,000 answers.
  private recordSuccess(request: PreparedRequest, attempt: number, startedAt: string, latencyMs: number, result: GenerateResult,
    usage: GenerateResult['usage'], usageEstimated: boolean, cost: AnswerCost, inputTokens: number): void {
    this.options.store.recordCall({ runId: this.options.runId, itemId: request.item.id, modelName: request.model.name, sample: request.sample,
      purpose: request.purpose ?? 'answer', cacheKey: request.key, attempt, status: 'ok', httpStatus: null, inputTokens: usage.inputTokens ?? null,
      outputTokens: usage.outputTokens ?? null, cachedInputTokens: usage.cachedInputTokens ?? null, reasoningTokens: usage.reasoningTokens ?? null,
      usageEstimated, costUsd: cost.costUsd, latencyMs, output: result.output, error: null, finishReason: result.finishReason.unified,
      rawUsageJson: result.rawUsage === undefined ? null : JSON.stringify(result.rawUsage), startedAt,
      usageNote: implausibleUsage(usage, inputTokens, request.model), servedModel: cost.servedModel, costBasis: cost.costBasis });
  }

  private recordFailure(request: PreparedRequest, attempt: number, startedAt: string, latencyMs: number, error: Error): void {
    this.options.store.recordCall({ runId: this.options.runId, itemId: request.item.id, modelName: request.model.name, sample: request.sample,
      purpose: request.purpose ?? 'answer', cacheKey: request.key, attempt, status: 'error',
      httpStatus: error instanceof ProviderError ? (error.status ?? null) : null, inputTokens: null, outputTokens: null, cachedInputTokens: null,
      reasoningTokens: null, usageEstimated: false, costUsd: 0, latencyMs, output: null, error: error.message, finishReason: null, rawUsageJson: null,
      startedAt, usageNote: null, servedModel: null, costBasis: null });
  }
}

/** The finish reasons a report counts; a natural stop is left out. */
function notableFinish(reason: string | null): string | undefined {
  return reason === 'length' || reason === 'content-filter' ? reason : undefined;
}

/** More output tokens than any model writes in one answer, whatever max_tokens says. */
const mostOutputTokens = 1_000_000;

/**
 * Usage the request could not have produced: more output than `max_tokens`
 * allowed (or than any model writes), or input far beyond the prompt sent.
 * Tokenizers differ, and chat templates add tokens, so the input bound is
 * loose: ten times the count, plus a thousand. The answer is kept, priced as
 * reported, and the report says so.
 */
export function implausibleUsage(usage: GenerateResult['usage'], promptTokens: number, model: ModelSpec): string | null {
  const output = usage.outputTokens ?? 0;
  const input = usage.inputTokens ?? 0;
  const maxOutput = model.settings.maxOutputTokens;
  if (output < 0 || input < 0) return `negative usage (${input} input, ${output} output tokens)`;
  const notes: string[] = [];
  if (maxOutput !== undefined && output > maxOutput + (usage.reasoningTokens ?? 0)) notes.push(`${output} output tokens for max_tokens ${maxOutput}`);
  else if (output > mostOutputTokens) notes.push(`${output} output tokens`);
  if (input > promptTokens * 10 + 1000) notes.push(`${input} input tokens for a prompt of about ${promptTokens}`);
  return notes.length === 0 ? null : notes.join('; ');
}

function whereOf(model: ModelSpec): string {
  return model.http ? ` at ${withoutCredentials(model.http.baseUrl)}` : '';
}

/** One literal with every field, not a spread of the request (V8 keeps it a fast object on the hot path). */
function attemptOf(request: PreparedRequest, attempt: number, signal: AbortSignal | undefined): AttemptRequest {
  return {
    model: request.model, item: request.item, prompt: request.prompt, promptTokens: request.promptTokens,
    sample: request.sample, checks: request.checks, memo: request.memo, purpose: request.purpose,
    messages: request.messages, key: request.key, attempt, signal,
  };
}
