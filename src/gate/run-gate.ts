import { UsageError } from '../errors.js';
import type { GateCriteria, ItemDigest, Report } from '../types/index.js';
import { compareItems, totalsOver, type ConfigurationTotals, type ItemComparison } from './compare-items.js';
import { evaluateGate, type CriterionOutcome, type GateBaseline } from './criteria.js';
import { readBaseline, readStoredRun, type BaselineRun } from './read-runs.js';

/**
 * The least share of the items either run holds that the two must share for
 * a regression against a baseline to be judged. At one half a pull request
 * may double the suite, or drop or edit up to half its items, and still be
 * judged; past that the shared items are the smaller part of both runs, and
 * a verdict on them would not speak for the run being judged.
 */
export const defaultMinShared = 0.5;

export interface GateOptions {
  databasePath: string;
  run?: string;
  /** Criteria given as flags; they win over the suite's `gate:` block. */
  criteria: GateCriteria;
  /** A run id of the same database, a database file (`file.db` or `file.db:ID`), or a report JSON file. */
  baseline?: string;
  /** The least share (0..1) of the items either run holds that both must share; default `defaultMinShared`. */
  minShared?: number;
  /** Compare whatever the items share: too few, or graded by other checks. */
  allowSuiteChange?: boolean;
  resamples?: number;
}

export interface GateOutcome {
  report: Report;
  criteria: GateCriteria;
  outcomes: CriterionOutcome[];
  passed: boolean;
  /** With a baseline: what the comparison stands on (items shared, added, removed, changed), as printed. */
  baselineNote?: string;
}

export async function runGate(options: GateOptions): Promise<GateOutcome> {
  const { report, storedCriteria, digest } = readStoredRun(options.databasePath, options.run, options.resamples, options.baseline !== undefined);
  if (report.run.status !== 'complete') {
    throw new UsageError(`run ${report.run.id} is ${report.run.status}, not complete: the gate judges only complete runs (resume it first)`);
  }
  const criteria: GateCriteria = { ...storedCriteria, ...definedOnly(options.criteria) };
  const comparing = criteria.maxRegressionPp !== undefined || criteria.maxCostIncreasePct !== undefined;
  if (comparing && options.baseline === undefined) throw new UsageError('--max-regression-pp and --max-cost-increase-pct compare with a baseline run: pass --baseline');
  if (options.minShared !== undefined && options.baseline === undefined) throw new UsageError('--min-shared is the share of items a baseline run must share: pass --baseline');
  const hasCriteria = criteria.maxQualityLossPp !== undefined || criteria.minCostReduction !== undefined || criteria.requireNonInferior || comparing
    || criteria.maxUnansweredPct !== undefined;
  if (!hasCriteria) {
    throw new UsageError('no gate criteria: add a `gate:` block to the suite, or pass --max-quality-loss-pp, --min-cost-reduction, --require-non-inferior, --max-unanswered-pct, or --baseline with --max-regression-pp / --max-cost-increase-pct');
  }
  let baseline: GateBaseline | undefined;
  let baselineNote: string | undefined;
  if (options.baseline !== undefined) {
    ({ baseline, note: baselineNote } = againstBaseline(report, digest!, readBaseline(options.baseline, options.databasePath, options.resamples), options));
  }
  const outcomes = evaluateGate(report, criteria, baseline);
  return { report, criteria, outcomes, passed: outcomes.every((outcome) => outcome.passed), baselineNote };
}

function definedOnly(criteria: GateCriteria): GateCriteria {
  return Object.fromEntries(Object.entries(criteria).filter(([, value]) => value !== undefined)) as GateCriteria;
}

/**
 * The two runs measured over the items they share (same id, same content),
 * so a pull request that adds items or edits some is judged on the rest.
 * Refused, unless `--allow-suite-change`, when too few are shared or the
 * checks that graded the shared ones changed: then the grades do not compare.
 */
function againstBaseline(report: Report, digest: ItemDigest, source: BaselineRun, options: GateOptions): { baseline: GateBaseline; note: string } {
  const runName = `run ${report.run.id}`;
  const sameSuite = source.suiteHash === report.run.suiteHash;
  const current = report.configurations.map((configuration): ConfigurationTotals => ({ name: configuration.name, passRate: configuration.passRate,
    costPerItemUsd: configuration.costPerItemUsd }));
  const onAllItems = (scope: string): GateBaseline => ({ label: source.label, scope, configurations: source.totals, current });
  if (!source.digest) {
    if (!sameSuite && !options.allowSuiteChange) {
      throw new UsageError(`${source.label} is of different suite content than ${runName} and holds no item digest to compare shared items by (${source.noDigestBecause}): write it again with \`route-bench report --format json\`, or pass --allow-suite-change to compare the totals of all items`);
    }
    return { baseline: onAllItems('all items'), note: `baseline ${source.label}: compared on all items, ${sameSuite ? 'of the same suite content' : 'of different suite content (allowed)'}; ${source.noDigestBecause}` };
  }
  const comparison = compareItems(digest, source.digest);
  const minShared = options.minShared ?? defaultMinShared;
  const union = comparison.shared + comparison.added + comparison.removed + comparison.changed;
  const counts = `${comparison.added} added, ${comparison.removed} removed, ${comparison.changed} changed`;
  if (!options.allowSuiteChange) {
    if (comparison.sharedShare < minShared) {
      throw new UsageError(`${runName} shares only ${comparison.shared} of ${union} items with ${source.label} (${percent(comparison.sharedShare)}; --min-shared needs >= ${percent(minShared)}): ${counts}; pass a lower --min-shared, or --allow-suite-change to compare on the shared items anyway`);
    }
    if (comparison.checksChanged > 0) {
      throw new UsageError(`the checks of ${comparison.checksChanged} of the ${comparison.shared} items ${runName} shares with ${source.label} changed, so their grades do not compare; pass --allow-suite-change to compare anyway`);
    }
    if (comparison.checksUnknown > 0 && !sameSuite) {
      throw new UsageError(`whether the checks of the ${comparison.shared} items ${runName} shares with ${source.label} changed cannot be told: one of them was stored before runs recorded their suite's checks; pass --allow-suite-change to compare anyway`);
    }
  }
  const note = `baseline ${source.label}: ${comparison.shared} of ${union} items shared (${percent(comparison.sharedShare)}, needs >= ${percent(minShared)}), ${counts}; ${checksNote(comparison)}`;
  if (comparison.shared === 0) return { baseline: onAllItems('all items (none shared)'), note };
  return {
    baseline: { label: source.label, scope: `${comparison.shared} shared items`, configurations: totalsOver(source.digest, comparison.sharedIds),
      current: totalsOver(digest, comparison.sharedIds) },
    note,
  };
}

function checksNote(comparison: ItemComparison): string {
  if (comparison.checksChanged > 0) return `checks changed on ${comparison.checksChanged} shared items (allowed)`;
  if (comparison.checksUnknown > 0) return `checks not recorded for ${comparison.checksUnknown} shared items`;
  return 'checks unchanged';
}

function percent(share: number): string {
  return `${Number((100 * share).toFixed(1))}%`;
}
