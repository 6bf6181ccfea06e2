import { readJsonInText } from './json-in-text.js';
import type { Verdict } from '../types/index.js';

/**
 * Reads a judge's reply strictly: one JSON object (a fenced block is fine)
 * with `verdict` "pass" or "fail", an optional `score` in 0..1 and an
 * optional `reason`. Anything else is "could not grade". With a threshold,
 * the score decides and must be present.
 */
export function parseJudgeVerdict(reply: string, threshold?: number): Verdict {
  const unparsed = (why: string): Verdict => ({ status: 'error', score: 0, reason: `could not grade: the judge's reply ${why}` });
  const found = readJsonInText(reply);
  if (!found.found || typeof found.value !== 'object' || found.value === null || Array.isArray(found.value)) return unparsed('is not a JSON object');
  const { verdict, score, reason } = found.value as Record<string, unknown>;
  if (verdict !== 'pass' && verdict !== 'fail') return unparsed('has no "verdict" of "pass" or "fail"');
  if (score !== undefined && (typeof score !== 'number' || !(score >= 0 && score <= 1))) return unparsed('has a "score" outside 0..1');
  const text = typeof reason === 'string' ? `judge: ${reason}` : `judge: ${verdict}`;
  if (threshold !== undefined) {
    if (typeof score !== 'number') return unparsed('has no "score", which pass_threshold needs');
    return { status: score >= threshold ? 'pass' : 'fail', score, reason: text };
  }
  return { status: verdict, score: typeof score === 'number' ? score : verdict === 'pass' ? 1 : 0, reason: text };
}
