/** One answer the oracle may pick, as both the oracle router and the report's oracle point see it. */
export interface OracleCandidate {
  /** Graded pass or fail; an answer that could not be graded (or is missing) is not. */
  graded: boolean;
  pass: boolean;
  /** The check's score in 0..1; the pass itself (1 or 0) when the check gives none. */
  score: number;
  costUsd: number;
}

/**
 * Whether the oracle prefers `candidate` to `incumbent`. RouterBench (Hu et
 * al. 2024, "RouterBench: A Benchmark for Multi-LLM Routing System",
 * arXiv:2403.12031, section 3) defines the oracle as the model with the best
 * score on each sample, the cheapest among ties; "the cheapest that passes"
 * is no upper bound once scores are partial (a pass at 0.6 beside one at 0.9).
 * Here, in order:
 * 1. a graded answer before an ungraded one, so the item stays in the pass
 *    rate as a configuration's would;
 * 2. a pass before a fail, so the oracle bounds the pass rate even where a
 *    check's score and its verdict disagree (with a score threshold, as every
 *    check with a score has, the pass follows the score and this is the rule
 *    of the paper);
 * 3. the higher score;
 * 4. the lower cost; on a full tie the first in order stays.
 */
export function preferredByOracle(candidate: OracleCandidate, incumbent: OracleCandidate): boolean {
  if (candidate.graded !== incumbent.graded) return candidate.graded;
  if (candidate.graded) {
    if (candidate.pass !== incumbent.pass) return candidate.pass;
    if (candidate.score !== incumbent.score) return candidate.score > incumbent.score;
  }
  return candidate.costUsd < incumbent.costUsd;
}
