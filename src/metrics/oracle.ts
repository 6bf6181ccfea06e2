import type { ConfigurationResults } from '../store/read-run.js';

export interface OraclePoint {
  quality: number;
  costUsd: number;
  frontierShare: number;
}

/**
 * The oracle over the fixed configurations of a run, chosen as the oracle
 * router chooses: per item and sample the cheapest answer that passed, else
 * the cheapest graded one, else the cheapest. Quality is over the slots whose
 * chosen answer was graded, like a configuration's pass rate; cost over all
 * slots, like a configuration's cost.
 */
export function oraclePoint(fixed: ConfigurationResults[], frontierConfiguration: string | undefined): OraclePoint | null {
  if (fixed.length < 2) return null;
  const size = fixed[0]!.present.length;
  let slots = 0;
  let graded = 0;
  let passes = 0;
  let costUsd = 0;
  let frontier = 0;
  for (let index = 0; index < size; index++) {
    let best: ConfigurationResults | undefined;
    let cheapestGraded: ConfigurationResults | undefined;
    let cheapest: ConfigurationResults | undefined;
    for (const results of fixed) {
      if (!results.present[index]) continue;
      const cost = results.costUsd[index]!;
      if (!cheapest || cost < cheapest.costUsd[index]!) cheapest = results;
      if (!Number.isNaN(results.pass[index]!) && (!cheapestGraded || cost < cheapestGraded.costUsd[index]!)) cheapestGraded = results;
      if (results.pass[index] === 1 && (!best || cost < best.costUsd[index]!)) best = results;
    }
    const chosen = best ?? cheapestGraded ?? cheapest;
    if (!chosen) continue;
    slots++;
    costUsd += chosen.costUsd[index]!;
    if (chosen.name === frontierConfiguration) frontier++;
    if (!Number.isNaN(chosen.pass[index]!)) {
      graded++;
      passes += chosen.pass[index]!;
    }
  }
  if (slots === 0 || graded === 0) return null;
  return { quality: passes / graded, costUsd, frontierShare: frontier / slots };
}
