import type { PriceSpec, Usage } from '../types/index.js';


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
