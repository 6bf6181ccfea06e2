import type { Usage } from '../types/index.js';

/** Messages API `usage` as sent; the cache fields may be missing or null. */
interface AnthropicUsage {
  input_tokens?: unknown;
  output_tokens?: unknown;
  cache_read_input_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
}

/**
 * Anthropic's `input_tokens` leaves out both cache reads and cache writes, so
 * the whole prompt is the sum of the three. Cache writes are counted as plain
 * input: `Usage` has no field for their surcharge. Thinking tokens are inside
 * `output_tokens` with no separate count, so reasoning stays unknown.
 */
export function convertAnthropicUsage(rawUsage: unknown): Usage {
  const usage = (typeof rawUsage === 'object' && rawUsage !== null ? rawUsage : {}) as AnthropicUsage;
  const uncachedInput = tokenCount(usage.input_tokens);
  const cacheRead = tokenCount(usage.cache_read_input_tokens);
  const cacheWrite = tokenCount(usage.cache_creation_input_tokens);
  return {
    // Missing cache fields mean no caching happened, not an unknown prompt size.
    inputTokens: uncachedInput === undefined ? undefined : uncachedInput + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: tokenCount(usage.output_tokens),
    cachedInputTokens: cacheRead,
    reasoningTokens: undefined,
  };
}

function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
