import type { StoredItemAnswer } from '../store/read-item-records.js';
import type { ExplorerResult } from './item-explorer.js';
import { usd } from './render-table.js';

/** The words the explorer's page and `route-bench items` both show for a result: one wording in both. */

/** `pass 1.00`, `fail 0.00`, `error` (could not grade), `skipped` (a replay gap). */
export function gradeText(result: ExplorerResult): string {
  if (result.status === 'error') return 'could not grade';
  if (result.status === 'skipped') return 'skipped (no recorded answer)';
  return result.score === null ? result.status : `${result.status} ${result.score.toFixed(2)}`;
}

/** The models tried, in order, and why: `glm-5.1 (default)`, `cheap → frontier (escalated to frontier)`. */
export function routeText(result: ExplorerResult): string {
  const models = result.models.length > 0 ? result.models.join(' → ') : (result.model ?? '—');
  const reason = result.routeReason === null ? '' : ` (${result.routeReason})`;
  const cascade = result.route === null ? '' : result.route.accepted ? ', accepted' : result.route.escalations > 0 ? ', not accepted: the last answer kept' : '';
  return `${models}${reason}${cascade}`;
}

/** `$0.00165, grading $0.0002` */
export function costText(result: ExplorerResult): string {
  return result.gradingCostUsd > 0 ? `${usd(result.costUsd)}, grading ${usd(result.gradingCostUsd)}` : usd(result.costUsd);
}

/** As the report's table writes latencies: `12 ms`, `8.5 ms`, `1.20 s`; none for a replayed answer. */
export function latencyText(result: ExplorerResult): string {
  const value = result.latencyMs;
  if (value === null) return '—';
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${value.toFixed(value < 9.95 ? 1 : 0)} ms`;
}

/** `412 in, 9 out`; unknown when no call of this run made the answer. */
export function tokensText(answer: StoredItemAnswer): string {
  if (answer.inputTokens === null && answer.outputTokens === null) return 'tokens not in this run (answer reused from the cache)';
  return `${answer.inputTokens ?? '?'} in, ${answer.outputTokens ?? '?'} out`;
}

/** The answer the result was graded on. */
export function gradedAnswer(result: ExplorerResult): StoredItemAnswer | undefined {
  return result.answers.find((answer) => answer.model === result.model) ?? result.answers.at(-1);
}
