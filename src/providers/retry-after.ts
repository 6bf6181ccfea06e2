/** What the parser needs of a response's headers: fetch's `Headers`, or anything with the same `get`. */
export interface HeaderReader {
  get(name: string): string | null;
}

const decimalNumber = /^\d+(\.\d+)?$/;
// Date.parse reads almost anything ("x 2020" is a date to V8); an HTTP date starts with a day name.
const httpDateStart = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /;

/**
 * How long the server asked us to wait before retrying, in whole milliseconds;
 * undefined when it did not say or said something unreadable, so the caller's
 * own backoff applies. `retry-after-ms` wins: OpenAI and Anthropic send it with
 * sub-second precision and their SDKs prefer it. `retry-after` is seconds
 * (possibly fractional) or an HTTP date; a date already past means "now".
 */
export function parseRetryAfterMs(headers: HeaderReader, nowMs: number = Date.now()): number | undefined {
  const milliseconds = parseDecimal(headers.get('retry-after-ms'));
  if (milliseconds !== undefined) return Math.round(milliseconds);
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = parseDecimal(value);
  if (seconds !== undefined) return Math.round(seconds * 1000);
  if (!httpDateStart.test(value)) return undefined;
  const dateMs = Date.parse(value);
  if (Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowMs);
}

function parseDecimal(value: string | null): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed || !decimalNumber.test(trimmed)) return undefined;
  return Number(trimmed);
}
