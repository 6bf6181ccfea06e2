import { readOptionalFraction } from './spec-values.js';
import type { CheckKind } from '../types/index.js';
import { couldNotGrade, reachesThreshold } from './verdict.js';

/**
 * Trusts the grade stored with a replayed output (say, from a human or an
 * earlier judge), so re-routing offline needs no grader at all.
 */
export const recordedKind: CheckKind = {
  type: 'recorded',
  summary: 'the grade recorded with a replayed output (0..1) reaches `pass_threshold` (default 0.5)',
  keys: ['pass_threshold'],
  compile(spec) {
    const threshold = readOptionalFraction(spec, 'pass_threshold') ?? 0.5;
    return {
      type: 'recorded',
      acceptsProse: true,
      needsReference: false,
      grade(_output, _item, context) {
        const score = context?.recordedScore;
        if (score === undefined) return couldNotGrade('no recorded grade for this answer');
        if (!Number.isFinite(score) || score < 0 || score > 1) {
          return couldNotGrade(`the recorded grade ${score} is not between 0 and 1`);
        }
        const pass = reachesThreshold(score, threshold);
        return { status: pass ? 'pass' : 'fail', score, reason: `recorded grade ${score} ${pass ? '>=' : '<'} ${threshold}` };
      },
    };
  },
};
