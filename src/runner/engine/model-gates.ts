import { Limit } from './limit.js';
import type { ModelSpec } from '../../types/index.js';
import { RateLimiter } from './rate-limiter.js';

/** What the engine keeps per model: its own limits, what it has answered, and how it is failing. */
export interface ModelGate {
  concurrency: Limit | undefined;
  requests: RateLimiter | undefined;
  tokens: RateLimiter | undefined;
  /** The most output tokens seen so far, for budget estimates. */
  maxOutputTokensSeen: number;
  /** Retryable failures since the model's last success, and when the first of them was. */
  failureStreak: number;
  failingSinceMs: number | undefined;
  lastAnnouncedWaitMs: number;
}

export function createModelGate(model: ModelSpec): ModelGate {
  const { maxConcurrency, requestsPerMinute, tokensPerMinute } = model.limits;
  return {
    concurrency: maxConcurrency === undefined ? undefined : new Limit(maxConcurrency),
    requests: requestsPerMinute === undefined ? undefined : new RateLimiter(requestsPerMinute),
    tokens: tokensPerMinute === undefined ? undefined : new RateLimiter(tokensPerMinute),
    maxOutputTokensSeen: 0,
    failureStreak: 0,
    failingSinceMs: undefined,
    lastAnnouncedWaitMs: Number.NEGATIVE_INFINITY,
  };
}

/** Runs a call within the model's own concurrency and after its rate limits let it through. */
export async function throughGate<T>(gate: ModelGate, promptTokens: number, call: () => Promise<T>): Promise<T> {
  if (!gate.requests && !gate.tokens && !gate.concurrency) return call();
  const limited = async () => {
    await gate.requests?.take(1);
    await gate.tokens?.take(promptTokens);
    return call();
  };
  return gate.concurrency ? gate.concurrency.run(limited) : limited();
}

const defaultDownAfterFailures = 10;
const defaultDownAfterMs = 10_000;

/**
 * Counts a retryable failure; true when the model is down. A model whose
 * attempts have all failed for a while is not answering at all (connection
 * refused, a dead gateway, an exhausted quota): going on would only grade its
 * silence as wrong answers. Both a count and a span are needed: with many
 * calls in flight, a one-second blip fails dozens at once, and a slow trickle
 * of failures may take a long time to reach a count.
 */
export function noteFailure(gate: ModelGate, model: ModelSpec, nowMs: number): { down: boolean; spanMs: number } {
  gate.failureStreak++;
  gate.failingSinceMs ??= nowMs;
  const spanMs = nowMs - gate.failingSinceMs;
  const down = gate.failureStreak >= (model.limits.downAfterFailures ?? defaultDownAfterFailures) && spanMs >= (model.limits.downAfterMs ?? defaultDownAfterMs);
  return { down, spanMs };
}

export function noteSuccess(gate: ModelGate, outputTokens: number): void {
  gate.failureStreak = 0;
  gate.failingSinceMs = undefined;
  gate.tokens?.charge(outputTokens);
  gate.maxOutputTokensSeen = Math.max(gate.maxOutputTokensSeen, outputTokens);
}
