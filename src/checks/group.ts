import { describeValue, readOptionalFraction } from './spec-values.js';
import { CheckSpecError } from '../errors.js';
import type { Check, CheckKind, CheckSpec, Verdict } from '../types/index.js';
import { reachesThreshold } from './verdict.js';

type Member = { check: Check; weight: number; verdict: Verdict };

function readWeights(spec: CheckSpec, count: number): number[] {
  const written = spec.weights;
  if (written === undefined) return Array.from({ length: count }, () => 1);
  if (!Array.isArray(written)) {
    throw new CheckSpecError(`\`weights\` must be a list of numbers, one per check, got ${describeValue(written)}`, 'weights');
  }
  if (written.length !== count) {
    throw new CheckSpecError(`\`weights\` has ${written.length} numbers for ${count} checks; give one per check`, 'weights');
  }
  written.forEach((weight: unknown, index) => {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new CheckSpecError(`weight ${index + 1} must be a number at or above 0, got ${describeValue(weight)}`, 'weights');
    }
  });
  const weights = written as number[];
  if (weights.every((weight) => weight === 0)) throw new CheckSpecError('`weights` are all 0: nothing would count', 'weights');
  return weights;
}

function weightedScore(members: readonly Member[], scoreOf: (member: Member) => number): number {
  const total = members.reduce((sum, member) => sum + member.weight, 0);
  return members.reduce((sum, member) => sum + member.weight * scoreOf(member), 0) / total;
}

function listed(members: readonly Member[]): string {
  return members.map((member) => `${member.check.type}: ${member.verdict.reason}`).join('; ');
}

function round(score: number): string {
  return String(Math.round(score * 1000) / 1000);
}

/**
 * The verdict of the group from its members'. A member that could not grade
 * makes the group `error` only when the outcome hangs on it: with a
 * threshold, when the score would cross it for some grade of that member;
 * without, when no other member settles it (a fail for `all`, a pass for
 * `any`). Such a group scores 0, like every `error`.
 */
function decide(mode: 'all' | 'any', members: readonly Member[], threshold: number | undefined): Verdict {
  const errored = members.filter((member) => member.verdict.status === 'error');
  // Members that could not grade score 0 in the group score, the convention for `error`.
  const score = weightedScore(members, (member) => member.verdict.score);
  if (threshold !== undefined) {
    const highest = weightedScore(members, (member) => (member.verdict.status === 'error' ? 1 : member.verdict.score));
    if (reachesThreshold(score, threshold)) {
      return { status: 'pass', score, reason: `score ${round(score)} >= ${threshold}: ${listed(members)}` };
    }
    if (!reachesThreshold(highest, threshold)) {
      return { status: 'fail', score, reason: `score ${round(score)} < ${threshold}: ${listed(members)}` };
    }
    const reason = `the score against ${threshold} hangs on checks that could not grade: ${listed(errored)}`;
    return { status: 'error', score: 0, reason };
  }
  const settling = members.filter((member) => member.verdict.status === (mode === 'all' ? 'fail' : 'pass'));
  if (settling.length > 0) {
    return { status: mode === 'all' ? 'fail' : 'pass', score, reason: listed(settling) };
  }
  if (errored.length > 0) return { status: 'error', score: 0, reason: listed(errored) };
  return { status: mode === 'all' ? 'pass' : 'fail', score, reason: listed(members) };
}

/**
 * `all` and `any` differ only in the status they take without a threshold,
 * so both are built here; `all.ts` and `any.ts` hold one each.
 */
export function buildGroupKind(mode: 'all' | 'any'): CheckKind {
  const rule = mode === 'all' ? 'every check passes' : 'any check passes';
  return {
    type: mode,
    summary: `passes when ${rule}, or when the score (weighted by \`weights\`) reaches \`pass_threshold\``,
    keys: ['checks', 'weights', 'pass_threshold'],
    compile(spec, compileNested) {
      const written = spec.checks;
      if (!Array.isArray(written) || written.length === 0) {
        throw new CheckSpecError(`check "${mode}" needs a non-empty list of checks under \`checks\``, 'checks');
      }
      const checks = written.map((nested: unknown, index) => compileNested(nested, `checks.${index}`));
      const weights = readWeights(spec, checks.length);
      const threshold = readOptionalFraction(spec, 'pass_threshold');
      // Prose is safe for `any` when one member reads it; otherwise every member must.
      const acceptsProse =
        mode === 'any' && threshold === undefined
          ? checks.some((check) => check.acceptsProse)
          : checks.every((check) => check.acceptsProse);
      return {
        type: mode,
        acceptsProse,
        needsReference: checks.some((check) => check.needsReference ?? true),
        children: checks,
        grade(output, item, context) {
          const members = checks.map((check, index) => ({
            check,
            weight: weights[index]!,
            verdict: check.grade(output, item, context),
          }));
          const verdict = decide(mode, members, threshold);
          // A pairwise member's judgement is the item's win, tie or loss, whatever the group decides.
          const pairwise = members.find((member) => member.verdict.pairwise !== undefined)?.verdict.pairwise;
          return pairwise === undefined ? verdict : { ...verdict, pairwise };
        },
      };
    },
  };
}
