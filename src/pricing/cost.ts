import type { PriceSpec } from '../suite/types.js';

/**
 * Normalised token usage of one call. `inputTokens` is the whole prompt,
 * cached part included (OpenAI's convention; Anthropic's is converted to it).
 * Undefined means unknown, never zero.
 */
export interface Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  cachedInputTokens?: number | undefined;
  reasoningTokens?: number | undefined;
}

/** USD for one call; unrounded. Unknown counts price as zero only after estimation has filled them. */
export function costUsd(price: PriceSpec, usage: Usage): number {
  const input = usage.inputTokens ?? 0;
  const cached = Math.min(usage.cachedInputTokens ?? 0, input);
  const cachedPrice = price.cachedInputPerMtokUsd ?? price.inputPerMtokUsd;
  return (
    ((input - cached) * price.inputPerMtokUsd + cached * cachedPrice + (usage.outputTokens ?? 0) * price.outputPerMtokUsd) /
    1_000_000
  );
}
