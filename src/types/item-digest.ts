/**
 * Per item of a run, what `gate --baseline` needs to compare two runs on
 * the items they share: which items they are (by id and content), which
 * checks graded them, and each configuration's grades and costs on them.
 * A report JSON carries it as `items`, so a committed report of main can be
 * the baseline of a pull request that adds items or changes a rule.
 */
export interface ItemDigest {
  /** How `content` and `checks` were hashed (`util/content-hash.ts`): hashes of another scheme are not compared. */
  hashing: string;
  /** The order of the numbers in every `results` entry. */
  resultColumns: ['graded', 'passes', 'answered', 'answeredCostUsd'];
  rows: ItemDigestRow[];
}

export interface ItemDigestRow {
  id: string;
  /** The item's own content: every field (expected and tags included) but its `checks`. */
  content: string;
  /** The checks that graded it: its own, else the suite's; null when the run did not record the suite's checks. */
  checks: string | null;
  /**
   * Per configuration, summed over the item's samples: answers graded, of
   * them passed, answers given, and what the answers given cost.
   */
  results: Record<string, ItemResultCounts>;
}

export type ItemResultCounts = [graded: number, passes: number, answered: number, answeredCostUsd: number];
