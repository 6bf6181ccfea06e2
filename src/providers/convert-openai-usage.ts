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

/**
 * What the server says the call cost in USD, where it says so: OpenRouter's `usage.cost`. With BYOK
 * (`is_byok: true`) that is only the gateway's fee, and the upstream provider's own charge,
 * `cost_details.upstream_inference_cost`, is added; without BYOK OpenRouter fills that field too, equal
 * to `cost`, so it is not added. Undefined when the body carries no cost (OpenAI itself never does).
 */
export function openAiReportedCostUsd(rawUsage: unknown): number | undefined {
  if (typeof rawUsage !== 'object' || rawUsage === null) return undefined;
  const usage = rawUsage as { cost?: unknown; is_byok?: unknown; cost_details?: { upstream_inference_cost?: unknown } | null };
  const cost = amount(usage.cost);
  if (cost === undefined) return undefined;
  return usage.is_byok === true ? cost + (amount(usage.cost_details?.upstream_inference_cost) ?? 0) : cost;
}

function amount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function tokenCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
