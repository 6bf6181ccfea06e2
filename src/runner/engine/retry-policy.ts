import type { ProviderError } from '../../errors.js';
import type { Answer } from './types.js';

const maxBackoffMs = 8_000;
export const defaultMaxRetryWaitMs = 60_000;

/** These statuses say the configuration is wrong (key, permission, model name), not the model: the run stops. */
export const setupStatuses: ReadonlySet<number> = new Set([401, 403, 404]);

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
    case 'too-large':
      return 'response too large';
    default:
      return 'request failed';
  }
}

/**
 * A content filter that stopped the answer before any text is a refusal: the model gave no answer, as
 * with a 400, though the call succeeded and was paid. Text cut short by a filter is still an answer.
 */
export function isRefusal(finishReason: string | null, output: string): boolean {
  return finishReason === 'content-filter' && output.trim() === '';
}

export function refused(answer: Answer): Answer {
  return { ...answer, outcome: 'failed', output: '', error: 'the provider refused to answer (content filter)', unanswered: 'content filter' };
}

export function formatSeconds(milliseconds: number): string {
  return milliseconds >= 10_000 ? `${Math.round(milliseconds / 1000)} s` : `${(milliseconds / 1000).toFixed(1)} s`;
}
