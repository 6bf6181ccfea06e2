import type { Usage } from '../types/index.js';

/** Chat Completions `usage` as sent; OpenAI-compatible servers may leave out any part of it. */
interface OpenAiUsage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
  completion_tokens_details?: { reasoning_tokens?: unknown } | null;
}

/**
 * OpenAI already counts the way `Usage` does: `prompt_tokens` includes the
 * cached part and `completion_tokens` includes the reasoning part, so the
 * numbers pass through. A count that is missing stays undefined, never 0.
 */
export function convertOpenAiUsage(rawUsage: unknown): Usage {
  const usage = (typeof rawUsage === 'object' && rawUsage !== null ? rawUsage : {}) as OpenAiUsage;
  return {
    inputTokens: tokenCount(usage.prompt_tokens),
    outputTokens: tokenCount(usage.completion_tokens),
    cachedInputTokens: tokenCount(usage.prompt_tokens_details?.cached_tokens),
    reasoningTokens: tokenCount(usage.completion_tokens_details?.reasoning_tokens),
  };
}

function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
