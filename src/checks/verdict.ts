import type { Verdict } from '../types/index.js';

// Binary checks score 1 on a pass and 0 otherwise; an error also scores 0 so
// that a mean over verdicts never rewards "could not grade".

export function passed(reason: string): Verdict {
  return { status: 'pass', score: 1, reason };
}

export function failed(reason: string): Verdict {
  return { status: 'fail', score: 0, reason };
}

export function couldNotGrade(reason: string): Verdict {
  return { status: 'error', score: 0, reason };
}

/**
 * True when a score reaches a pass threshold. The slack absorbs rounding in a
 * weighted mean, so two checks of three (0.666…) reach a threshold of 2/3.
 */
export function reachesThreshold(score: number, threshold: number): boolean {
  return score >= threshold - 1e-9;
}
