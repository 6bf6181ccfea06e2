import { UsageError } from '../errors.js';
import type { GateCriteria, Report, ReportConfiguration } from '../types/index.js';
import type { ConfigurationTotals } from './compare-items.js';

/**
 * A baseline run's numbers and this run's, over the same items (those the
 * two runs share, see compare-items.ts): from a stored run or a report JSON.
 */
export interface GateBaseline {
  label: string;
  /** What both sides are measured over, as printed after a value: `40 shared items`. */
  scope: string;
  configurations: ConfigurationTotals[];
  /** This run's configurations over the same items. */
  current: ConfigurationTotals[];
}

export interface CriterionOutcome {
  configuration: string;
  criterion: string;
  /** What was measured, as printed. */
  measured: string;
  /** The threshold, as printed (with its comparison). */
  threshold: string;
  passed: boolean;
  /** How many of the configuration's answers are missing, so no line reads as if every item were answered. */
  unanswered: string;
}

/**
 * Checks every criterion on every target configuration of a report: a pure
 * function, so the same report always gets the same verdict.
 */
export function evaluateGate(report: Report, criteria: GateCriteria, baseline?: GateBaseline): CriterionOutcome[] {
  const targets = pickTargets(report, criteria.configurations);
  const baselineRow = report.configurations.find((configuration) => configuration.name === report.baseline);
  const outcomes: CriterionOutcome[] = [];
  const answered = (configuration: ReportConfiguration, label: string) => {
    const allowedPct = criteria.maxUnansweredPct ?? 0;
    const missing = missingAnswers(configuration);
    const planned = configuration.answers + configuration.missing;
    const sharePct = planned === 0 ? 0 : (100 * missing) / planned;
    outcomes.push({
      configuration: label,
      criterion: 'answers missing or ungraded',
      measured: `${missing} of ${planned} (${sharePct.toFixed(1)}%)`,
      threshold: `<= ${allowedPct}%`,
      passed: sharePct <= allowedPct,
      unanswered: unansweredNote(configuration),
    });
  };
  for (const configuration of targets) {
    const name = configuration.name;
    const push = (outcome: Omit<CriterionOutcome, 'unanswered'>) => outcomes.push({ ...outcome, unanswered: unansweredNote(configuration) });
    answered(configuration, name);
    if (criteria.maxQualityLossPp !== undefined) {
      const delta = configuration.qualityDeltaPp;
      push({
        configuration: name,
        criterion: `quality change vs ${report.baseline}`,
        measured: delta === null ? 'n/a' : `${fixed(delta)} pp`,
        threshold: `>= ${fixed(-criteria.maxQualityLossPp)} pp`,
        passed: delta !== null && delta >= -criteria.maxQualityLossPp,
      });
    }
    if (criteria.minCostReduction !== undefined) {
      const reduction = configuration.costReduction;
      push({
        configuration: name,
        criterion: `cost reduction vs ${report.baseline}`,
        measured: reduction === null ? 'n/a' : `${reduction.toFixed(2)}x`,
        threshold: `>= ${criteria.minCostReduction}x`,
        passed: reduction !== null && reduction >= criteria.minCostReduction,
      });
    }
    if (criteria.requireNonInferior) {
      const interval = configuration.qualityDeltaCi95Pp;
      push({
        configuration: name,
        criterion: `non-inferior at ${report.marginPp} pp`,
        measured: interval ? `${configuration.nonInferiority} (95% CI ${fixed(interval[0])} to ${fixed(interval[1])} pp)` : 'n/a',
        threshold: `lower bound > ${fixed(-report.marginPp)} pp`,
        passed: configuration.nonInferior === true,
      });
    }
    if (baseline && (criteria.maxRegressionPp !== undefined || criteria.maxCostIncreasePct !== undefined)) {
      const previous = baseline.configurations.find((entry) => entry.name === name);
      const now = baseline.current.find((entry) => entry.name === name) ?? { name, passRate: null, costPerItemUsd: null };
      if (!previous) {
        push({ configuration: name, criterion: `present in ${baseline.label}`, measured: 'absent', threshold: 'present', passed: false });
        continue;
      }
      if (criteria.maxRegressionPp !== undefined) {
        const change = now.passRate === null || previous.passRate === null ? null : 100 * (now.passRate - previous.passRate);
        push({
          configuration: name,
          criterion: `pass rate change vs ${baseline.label}`,
          measured: `${change === null ? 'n/a' : `${fixed(change)} pp`} on ${baseline.scope}`,
          threshold: `>= ${fixed(-criteria.maxRegressionPp)} pp`,
          passed: change !== null && change >= -criteria.maxRegressionPp,
        });
      }
      if (criteria.maxCostIncreasePct !== undefined) {
        // Per answer, not in total: two runs of different item counts (a --limit, an interrupted run) stay comparable.
        const after = now.costPerItemUsd;
        const before = previous.costPerItemUsd;
        const change = after === null || before === null ? null : before === 0 ? (after === 0 ? 0 : Infinity) : 100 * (after / before - 1);
        push({
          configuration: name,
          criterion: `cost per answer change vs ${baseline.label}`,
          measured: `${change === null ? 'n/a' : Number.isFinite(change) ? `${fixed(change)}%` : 'from $0 to more'} on ${baseline.scope}`,
          threshold: `<= +${criteria.maxCostIncreasePct}%`,
          passed: change !== null && change <= criteria.maxCostIncreasePct,
        });
      }
    }
  }
  // The baseline's gaps would skew every comparison with it.
  if (baselineRow && !targets.includes(baselineRow)) answered(baselineRow, `${baselineRow.name} (baseline)`);
  return outcomes;
}

/**
 * Answers never given (counted as fails), not recorded (replay gaps), never asked (the run stopped)
 * or not graded (a judge that could not decide): the pass rate, and every criterion on it, stands
 * on the rest, so a flaky judge must not pass the gate by dropping the answers it cannot grade.
 */
function missingAnswers(configuration: ReportConfiguration): number {
  return configuration.unanswered + configuration.replayGaps + configuration.missing + configuration.ungraded;
}

function unansweredNote(configuration: ReportConfiguration): string {
  const planned = configuration.answers + configuration.missing;
  const kinds = Object.entries(configuration.unansweredBy ?? {}).map(([kind, count]) => `${count} × ${kind}`);
  if (configuration.ungraded > 0) kinds.push(`${configuration.ungraded} ungraded`);
  if (configuration.replayGaps > 0) kinds.push(`${configuration.replayGaps} not recorded`);
  if (configuration.missing > 0) kinds.push(`${configuration.missing} not run`);
  return `${missingAnswers(configuration)} of ${planned} answers missing or ungraded${kinds.length > 0 ? `: ${kinds.join(', ')}` : ''}`;
}

export function pickTargets(report: Report, names: string[] | undefined): ReportConfiguration[] {
  if (names && names.length > 0) {
    return names.map((name) => {
      const found = report.configurations.find((configuration) => configuration.name === name);
      if (!found) throw new UsageError(`no configuration "${name}" in run ${report.run.id}`);
      return found;
    });
  }
  // The oracle is an upper bound, not a router anyone can ship: judged only when named.
  const routed = report.configurations.filter((configuration) => configuration.name !== report.baseline && configuration.kind !== 'fixed' && configuration.kind !== 'oracle');
  return routed.length > 0 ? routed : report.configurations.filter((configuration) => configuration.name !== report.baseline);
}

function fixed(value: number): string {
  const text = value.toFixed(2);
  return value > 0 ? `+${text}` : text === '-0.00' ? '0.00' : text;
}
