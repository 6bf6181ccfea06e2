import type { Execution, ModelAnswer, ResultRecord, VerdictStatus } from '../types/index.js';

/** Where a result belongs. */
export interface ResultKey {
  runId: number;
  configuration: string;
  itemId: string;
  sample: number;
}

/** How the final answer was graded, and what grading it cost. */
export interface ResultGrade {
  /** The final answer's grade; ignored when there is no answer. */
  verdict: { status: VerdictStatus; score: number | null; reason: string | null } | undefined;
  gradingCostUsd: number;
  /** Cascades: whether the first model's answer passed (the needless escalations are counted from it). */
  firstPass: boolean | undefined;
}

/**
 * The result row of what a configuration did for one item, live or
 * simulated alike: what it cost is every answer tried and every verifier
 * asked; a final answer never given is a fail, a recording's gap is skipped.
 */
export function toResultRecord(key: ResultKey, execution: Execution, grade: ResultGrade): ResultRecord {
  const { final, answers } = execution;
  // Verifier replies are part of what routing this item cost, beside the answers tried.
  const paid = [...answers, ...(execution.verifications ?? [])];
  const sum = (pick: (answer: ModelAnswer) => number) => paid.reduce((total, each) => total + pick(each), 0);
  const models = [...new Set(answers.map((answer) => answer.modelName))];
  const base = {
    ...key,
    model: final.modelName,
    models,
    routeReason: execution.reason,
    costUsd: sum((answer) => answer.costUsd),
    spentUsd: sum((answer) => answer.spentUsd),
    latencyMs: sum((answer) => answer.latencyMs),
    cached: answers.every((answer) => answer.cached),
    gradingCostUsd: grade.gradingCostUsd,
    route: execution.accepted === undefined ? undefined : { accepted: execution.accepted, escalations: models.length - 1, firstPass: grade.firstPass ?? false },
  };
  if (final.outcome === 'missing') return { ...base, output: null, status: 'skipped', score: null, reason: final.error ?? null, unanswered: null };
  // No answer is a fail: a user of this configuration would have got nothing.
  if (final.outcome === 'failed') {
    return { ...base, output: null, status: 'fail', score: 0, reason: final.error === undefined ? null : `no answer: ${final.error}`,
      unanswered: final.unanswered ?? 'no answer' };
  }
  const verdict = grade.verdict ?? { status: 'error' as const, score: null, reason: 'not graded' };
  return { ...base, output: final.output, status: verdict.status, score: verdict.status === 'error' ? null : verdict.score, reason: verdict.reason,
    unanswered: null };
}
