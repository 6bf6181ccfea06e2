import type { ConfigurationResults } from '../types/index.js';
import { preferredByOracle, type OracleCandidate } from './oracle-rule.js';

export interface OraclePoint {
  /** Pass rate of the chosen answers. */
  quality: number;
  /** Mean score of the chosen answers (a pass counts 1 where the check gives no score). */
  meanScore: number;
  costUsd: number;
  frontierShare: number;
}

/**
 * The oracle over the fixed configurations of a run, chosen as the oracle
 * router chooses (oracle-rule.ts): per item and sample the best-scoring
 * answer, the cheapest among ties, a graded one before an ungraded one.
 * Quality is over the slots whose chosen answer was graded, like a
 * configuration's pass rate; cost over all slots, like a configuration's cost.
 */
export function oraclePoint(fixed: ConfigurationResults[], frontierConfiguration: string | undefined): OraclePoint | null {
  if (fixed.length < 2) return null;
  const size = fixed[0]!.present.length;
  let slots = 0;
  let graded = 0;
  let passes = 0;
  let scores = 0;
  let costUsd = 0;
  let frontier = 0;
  for (let index = 0; index < size; index++) {
    let chosen: { results: ConfigurationResults; candidate: OracleCandidate } | undefined;
    for (const results of fixed) {
      if (!results.present[index]) continue;
      const candidate = candidateOf(results, index);
      if (!chosen || preferredByOracle(candidate, chosen.candidate)) chosen = { results, candidate };
    }
    if (!chosen) continue;
    slots++;
    costUsd += chosen.candidate.costUsd;
    if (chosen.results.name === frontierConfiguration) frontier++;
    if (chosen.candidate.graded) {
      graded++;
      passes += chosen.candidate.pass ? 1 : 0;
      scores += chosen.candidate.score;
    }
  }
  if (slots === 0 || graded === 0) return null;
  return { quality: passes / graded, meanScore: scores / graded, costUsd, frontierShare: frontier / slots };
}

function candidateOf(results: ConfigurationResults, index: number): OracleCandidate {
  const pass = results.pass[index]!;
  const score = results.score[index]!;
  const graded = !Number.isNaN(pass);
  return { graded, pass: pass === 1, score: graded && !Number.isNaN(score) ? score : graded ? pass : 0, costUsd: results.costUsd[index]! };
}
