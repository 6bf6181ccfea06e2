import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { UsageError } from '../errors.js';
import { buildReport } from '../report/build-report.js';
import { itemDigestOfStoredRun } from '../report/item-digest.js';
import type { GateCriteria, ItemDigest, Report } from '../types/index.js';
import { openDatabase } from '../store/open-database.js';
import { readRunData, refuseSweepRun, resolveRunId } from '../store/read-run.js';
import { contentHashScheme } from '../util/content-hash.js';
import type { ConfigurationTotals } from './compare-items.js';

/** A stored run as the gate reads it: its report, its own criteria and, when asked, its item digest. */
export interface StoredRun {
  report: Report;
  storedCriteria: GateCriteria;
  digest: ItemDigest | undefined;
}

export function readStoredRun(databasePath: string, run: string | undefined, resamples: number | undefined, withDigest: boolean): StoredRun {
  const database = openDatabase(databasePath, { readonly: true });
  try {
    const runId = resolveRunId(database, run);
    refuseSweepRun(database, runId, databasePath);
    const data = readRunData(database, runId);
    return {
      report: buildReport(data, { resamples }),
      storedCriteria: data.run.options.gate ?? {},
      digest: withDigest ? itemDigestOfStoredRun(database, data) : undefined,
    };
  } finally {
    database.close();
  }
}

/** The run a gate compares with. */
export interface BaselineRun {
  /** As printed: `run 2`, `main.db run 2`, `evals/main-report.json (run 1)`. */
  label: string;
  suiteHash: string;
  /** Over all its items, from its report. */
  totals: ConfigurationTotals[];
  digest: ItemDigest | undefined;
  /** Why there is no digest (a report JSON written before reports carried one). */
  noDigestBecause?: string;
}

/** `--baseline`: a run id of the same database, a database file (`file.db` or `file.db:ID`), or a report JSON file. */
export function readBaseline(reference: string, databasePath: string, resamples: number | undefined): BaselineRun {
  if (/^(\d+|latest)$/.test(reference)) {
    const { report, digest } = readStoredRun(databasePath, reference, 1, true);
    return fromReport(report, `run ${report.run.id}`, digest);
  }
  const [file, runPart] = splitFileAndRun(reference);
  if (!existsSync(file)) throw new UsageError(`--baseline: no run id, database or report JSON at "${reference}"`);
  if (file.endsWith('.json')) return fromReportFile(file);
  const { report, digest } = readStoredRun(file, runPart, resamples ?? 1, true);
  return fromReport(report, `${file} run ${report.run.id}`, digest);
}

function splitFileAndRun(reference: string): [string, string | undefined] {
  const match = /^(.*\.db):(\d+|latest)$/.exec(reference);
  return match ? [match[1]!, match[2]!] : [reference, undefined];
}

const digestDocument = z.object({
  hashing: z.string(),
  resultColumns: z.tuple([z.literal('graded'), z.literal('passes'), z.literal('answered'), z.literal('answeredCostUsd')]),
  rows: z.array(z.object({
    id: z.string(),
    content: z.string(),
    checks: z.string().nullable(),
    results: z.record(z.string(), z.tuple([z.number(), z.number(), z.number(), z.number()])),
  })),
});

function fromReportFile(file: string): BaselineRun {
  let parsed: Report;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch (error) {
    throw new UsageError(`--baseline: ${file} is not valid JSON (${(error as Error).message})`);
  }
  if (parsed?.schemaVersion !== 1 || !Array.isArray(parsed.configurations) || typeof parsed.run?.suiteHash !== 'string') {
    throw new UsageError(`--baseline: ${file} is not a route-bench report (route-bench report --format json)`);
  }
  const label = `${file} (run ${parsed.run.id})`;
  if (parsed.items === undefined) return fromReport(parsed, label, undefined, 'it was written by a route-bench whose reports carried no item digest');
  const digest = digestDocument.safeParse(parsed.items);
  if (!digest.success) {
    const issue = digest.error.issues[0]!;
    throw new UsageError(`--baseline: ${file}: items.${issue.path.join('.')}: ${issue.message} (not an item digest of route-bench report --format json)`);
  }
  if (digest.data.hashing !== contentHashScheme) {
    return fromReport(parsed, label, undefined, `its items are hashed as ${digest.data.hashing}, not ${contentHashScheme}`);
  }
  return fromReport(parsed, label, digest.data as ItemDigest);
}

function fromReport(report: Report, label: string, digest: ItemDigest | undefined, noDigestBecause?: string): BaselineRun {
  return {
    label,
    suiteHash: report.run.suiteHash,
    totals: report.configurations.map((configuration) => ({ name: configuration.name, passRate: configuration.passRate,
      costPerItemUsd: configuration.costPerItemUsd ?? null })),
    digest,
    noDigestBecause,
  };
}
