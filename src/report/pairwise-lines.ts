import type { PairwiseSummary, Report } from '../types/index.js';

/**
 * The pairwise judgement of each configuration, one line each: wins, ties
 * and losses against the reference answers with their intervals, the net
 * loss the verdict stands on, and how often the judge's two orders
 * disagreed (its own noise). The configuration whose answers are the
 * reference is said to be so, not compared.
 */
export function pairwiseLines(report: Report): string[] {
  if (!report.pairwise || report.pairwise.length === 0) return [];
  return [
    'pairwise against the reference answers (the judge asked in both orders; a win or a loss only when both orders agree):',
    ...report.pairwise.map((summary) => `  ${summary.configuration}: ${pairwiseText(summary)}`),
  ];
}

export function pairwiseText(summary: PairwiseSummary): string {
  if (summary.selfReference) return `its answers are the reference answers: a tie with itself on all ${summary.compared}, not a comparison`;
  const rate = (label: string, { rate, ci95 }: PairwiseSummary['winRate']) => `${label} ${points(rate)}% [${points(ci95[0])}, ${points(ci95[1])}]`;
  const parts = [
    `${summary.compared} compared`,
    rate('won', summary.winRate),
    rate('tied', summary.tieRate),
    rate('lost', summary.lossRate) + (summary.unanswered > 0 ? ` (${summary.unanswered} never answered)` : ''),
    `net loss ${signed(summary.netLossPp)} pp [${signed(summary.netLossCi95Pp[0])}, ${signed(summary.netLossCi95Pp[1])}]: ${summary.verdict}`,
    `orders disagreed on ${summary.splits} (${points(summary.splits / summary.compared)}%)`,
  ];
  if (summary.same > 0) parts.push(`${summary.same} identical to the reference`);
  const labels = summary.labels;
  if (labels && labels.items > 0 && labels.agreement !== null) {
    const kappa = labels.kappa === null ? 'kappa undefined (one answer throughout)' : `Cohen's kappa ${labels.kappa.toFixed(2)}`;
    parts.push(`the judge agrees with the labels on ${points(labels.agreement)}% of ${labels.items} labelled (${kappa})`);
  }
  return parts.join(' · ');
}

function points(share: number): string {
  return (share * 100).toFixed(1);
}

function signed(value: number): string {
  const rounded = Math.abs(value) < 0.05 ? 0 : value;
  return `${rounded >= 0 ? '+' : ''}${rounded.toFixed(1)}`;
}
