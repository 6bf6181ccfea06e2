import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { buildReport } from '../report/build-report.js';
import type { GateCriteria, Report } from '../types/index.js';
import { openDatabase } from '../store/open-database.js';
import { readRunData, refuseSweepRun, resolveRunId } from '../store/read-run.js';
import { evaluateGate, type CriterionOutcome, type GateBaseline } from './criteria.js';

export interface GateOptions {
  databasePath: string;
  run?: string;
  /** Criteria given as flags; they win over the suite's `gate:` block. */
  criteria: GateCriteria;
  /** A run id of the same database, a database file (`file.db` or `file.db:ID`), or a report JSON file. */
  baseline?: string;
  /** Compare runs of different suite content. */
  allowSuiteChange?: boolean;
  resamples?: number;
}

export interface GateOutcome {
  report: Report;
  criteria: GateCriteria;
  outcomes: CriterionOutcome[];
  passed: boolean;
}

export async function runGate(options: GateOptions): Promise<GateOutcome> {
  const { report, storedCriteria } = readReport(options.databasePath, options.run, options.resamples);
  if (report.run.status !== 'complete') {
    throw new UsageError(`run ${report.run.id} is ${report.run.status}, not complete: the gate judges only complete runs (resume it first)`);
  }
  const criteria: GateCriteria = { ...storedCriteria, ...definedOnly(options.criteria) };
  const comparing = criteria.maxRegressionPp !== undefined || criteria.maxCostIncreasePct !== undefined;
  if (comparing && options.baseline === undefined) throw new UsageError('--max-regression-pp and --max-cost-increase-pct compare with a baseline run: pass --baseline');
  const hasCriteria = criteria.maxQualityLossPp !== undefined || criteria.minCostReduction !== undefined || criteria.requireNonInferior || comparing
    || criteria.maxUnansweredPct !== undefined;
  if (!hasCriteria) {
    throw new UsageError('no gate criteria: add a `gate:` block to the suite, or pass --max-quality-loss-pp, --min-cost-reduction, --require-non-inferior, --max-unanswered-pct, or --baseline with --max-regression-pp / --max-cost-increase-pct');
  }
  let baseline: GateBaseline | undefined;
  if (options.baseline !== undefined) {
    baseline = readBaseline(options.baseline, options.databasePath, options.resamples);
    if (baseline.suiteHash !== report.run.suiteHash && !options.allowSuiteChange) {
      throw new UsageError(`${baseline.label} is of different suite content than run ${report.run.id} (content hash differs); pass --allow-suite-change to compare anyway`);
    }
  }
  const outcomes = evaluateGate(report, criteria, baseline);
  return { report, criteria, outcomes, passed: outcomes.every((outcome) => outcome.passed) };
}

function definedOnly(criteria: GateCriteria): GateCriteria {
  return Object.fromEntries(Object.entries(criteria).filter(([, value]) => value !== undefined)) as GateCriteria;
}

function readReport(databasePath: string, run: string | undefined, resamples: number | undefined): { report: Report; storedCriteria: GateCriteria } {
  const database = openDatabase(databasePath, { readonly: true });
  try {
    const runId = resolveRunId(database, run);
    refuseSweepRun(database, runId, databasePath);
    const data = readRunData(database, runId);
    return { report: buildReport(data, { resamples }), storedCriteria: data.run.options.gate ?? {} };
  } finally {
    database.close();
  }
}

function readBaseline(reference: string, databasePath: string, resamples: number | undefined): GateBaseline {
  if (/^(\d+|latest)$/.test(reference)) {
    const { report } = readReport(databasePath, reference, 1);
    return fromReport(report, `run ${report.run.id}`);
  }
  const [file, runPart] = splitFileAndRun(reference);
  if (!existsSync(file)) throw new UsageError(`--baseline: no run id, database or report JSON at "${reference}"`);
  if (file.endsWith('.json')) {
    let parsed: Report;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as Report;
    } catch (error) {
      throw new UsageError(`--baseline: ${file} is not valid JSON (${(error as Error).message})`);
    }
    if (parsed?.schemaVersion !== 1 || !Array.isArray(parsed.configurations) || typeof parsed.run?.suiteHash !== 'string') {
      throw new UsageError(`--baseline: ${file} is not a route-bench report (route-bench report --format json)`);
    }
    return fromReport(parsed, `${file} (run ${parsed.run.id})`);
  }
  const { report } = readReport(file, runPart, resamples ?? 1);
  return fromReport(report, `${file} run ${report.run.id}`);
}

function splitFileAndRun(reference: string): [string, string | undefined] {
  const match = /^(.*\.db):(\d+|latest)$/.exec(reference);
  return match ? [match[1]!, match[2]!] : [reference, undefined];
}

function fromReport(report: Report, label: string): GateBaseline {
  return {
    label,
    suiteHash: report.run.suiteHash,
    configurations: report.configurations.map((configuration) => ({ name: configuration.name, passRate: configuration.passRate,
      costUsd: configuration.costUsd, costPerItemUsd: configuration.costPerItemUsd })),
  };
}
