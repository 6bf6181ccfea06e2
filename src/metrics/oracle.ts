import type { ConfigurationResults } from '../store/read-run.js';

export interface OraclePoint {
  quality: number;
  costUsd: number;
  frontierShare: number;
}

/**
 * The oracle over the fixed configurations of a run: per item and sample
 * the cheapest answer that passed, or the cheapest answer when none did.
 * Quality is the share of slots where some model passed; slots any model
 * lacks are left out.
 */
export function oraclePoint(fixed: ConfigurationResults[], frontierConfiguration: string | undefined): OraclePoint | null {
  if (fixed.length < 2) return null;
  const size = fixed[0]!.present.length;
  let slots = 0;
  let passes = 0;
  let costUsd = 0;
  let frontier = 0;
  for (let index = 0; index < size; index++) {
    if (fixed.some((results) => !results.present[index] || Number.isNaN(results.pass[index]!))) continue;
    let best: ConfigurationResults | undefined;
    let cheapest: ConfigurationResults | undefined;
    for (const results of fixed) {
      const cost = results.costUsd[index]!;
      if (!cheapest || cost < cheapest.costUsd[index]!) cheapest = results;
      if (results.pass[index] === 1 && (!best || cost < best.costUsd[index]!)) best = results;
    }
    const chosen = best ?? cheapest!;
    slots++;
    if (best) passes++;
    costUsd += chosen.costUsd[index]!;
    if (chosen.name === frontierConfiguration) frontier++;
  }
  if (slots === 0) return null;
  return { quality: passes / slots, costUsd, frontierShare: frontier / slots };
}
