import type { Execution, ModelAnswer, PairwiseOutcome, Preference, ResultRecord, VerdictStatus } from '../types/index.js';

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
  verdict: { status: VerdictStatus; score: number | null; reason: string | null; pairwise?: PairwiseOutcome } | undefined;
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
  const verifications = execution.verifications ?? noAnswers;
  let costUsd = 0;
  let spentUsd = 0;
  let latencyMs = 0;
  let cached = true;
  const models: string[] = [];
  for (const answer of answers) {
    costUsd += answer.costUsd;
    spentUsd += answer.spentUsd;
    latencyMs += answer.latencyMs;
    cached &&= answer.cached;
    if (!models.includes(answer.modelName)) models.push(answer.modelName);
  }
  for (const answer of verifications) {
    costUsd += answer.costUsd;
    spentUsd += answer.spentUsd;
    latencyMs += answer.latencyMs;
  }
  const route = execution.accepted === undefined ? undefined : { accepted: execution.accepted, escalations: models.length - 1, firstPass: grade.firstPass ?? false };
  let output: string | null = null;
  let status: ResultRecord['status'];
  let score: number | null;
  let reason: string | null;
  let unanswered: string | null = null;
  let preference: Preference | null = null;
  if (final.outcome === 'missing') {
    status = 'skipped';
    score = null;
    reason = final.error ?? null;
  } else if (final.outcome === 'failed') {
    // No answer is a fail: a user of this configuration would have got nothing.
    status = 'fail';
    score = 0;
    reason = final.error === undefined ? null : `no answer: ${final.error}`;
    unanswered = final.unanswered ?? 'no answer';
  } else {
    const verdict = grade.verdict ?? { status: 'error' as const, score: null, reason: 'not graded' };
    output = final.output;
    status = verdict.status;
    score = verdict.status === 'error' ? null : verdict.score;
    reason = verdict.reason;
    if (verdict.pairwise) preference = verdict.pairwise.same ? 'same' : verdict.pairwise.split ? 'split' : verdict.pairwise.outcome;
  }
  // One literal with every field, built once: spreading a shared part into each variant made V8 fall back to slow objects.
  return { runId: key.runId, configuration: key.configuration, itemId: key.itemId, sample: key.sample, model: final.modelName, models,
    routeReason: execution.reason, output, status, score, reason, unanswered, costUsd, spentUsd, latencyMs, cached, gradingCostUsd: grade.gradingCostUsd, route,
    finishReason: final.outcome === 'ok' ? (final.finishReason ?? null) : null, preference,
    servedModel: final.outcome === 'ok' ? (final.servedModel ?? null) : null, costBasis: final.outcome === 'ok' ? (final.costBasis ?? null) : null };
}

const noAnswers: ModelAnswer[] = [];
