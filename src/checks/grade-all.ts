import type { Check, GradeContext, Item, Verdict } from '../types/index.js';
import { couldNotGrade } from './verdict.js';

/**
 * One verdict from several checks, all of which must pass. A fail outweighs
 * an error: one check that could not grade does not hide a wrong answer. The
 * score is the mean of the scores, so partial credit stays visible.
 */
export function gradeAll(checks: readonly Check[], output: string, item: Item, context?: GradeContext): Verdict {
  if (checks.length === 0) return couldNotGrade(`item "${item.id}" has no checks`);
  if (checks.length === 1) return checks[0]!.grade(output, item, context);
  const verdicts = checks.map((check) => {
    const { status, score, reason, pairwise } = check.grade(output, item, context);
    return { type: check.type, status, score, reason, pairwise };
  });
  const score = verdicts.reduce((sum, verdict) => sum + verdict.score, 0) / verdicts.length;
  const status = verdicts.some((verdict) => verdict.status === 'fail')
    ? 'fail'
    : verdicts.some((verdict) => verdict.status === 'error')
      ? 'error'
      : 'pass';
  // The reason explains the status: the checks that decided it, not every check.
  const deciding = status === 'pass' ? verdicts : verdicts.filter((verdict) => verdict.status === status);
  const reason = deciding.map((verdict) => `${verdict.type}: ${verdict.reason}`).join('; ');
  // A pairwise judgement among the checks is the item's win, tie or loss, whatever the others say.
  const pairwise = verdicts.find((verdict) => verdict.pairwise !== undefined)?.pairwise;
  return pairwise === undefined ? { status, score, reason } : { status, score, reason, pairwise };
}
