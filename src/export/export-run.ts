import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../errors.js';
import { reportOfStoredRun } from '../report/report-of-run.js';
import { exportRows } from '../store/run-contents.js';
import { openDatabase, type SqliteDatabase } from '../store/open-database.js';
import { resolveRunId, resolveSweepRunId } from '../store/read-run.js';
import { spreadsheetSafe } from './spreadsheet-safe.js';
import { redactSecrets } from '../util/secrets.js';
import { terminalOutput } from '../util/terminal-safe.js';
import type { PairwiseSummary, ServedBy } from '../types/index.js';

export type ExportWhat = 'results' | 'calls' | 'summary' | 'sweep';
export type ExportFormat = 'csv' | 'jsonl';

export interface ExportOptions {
  databasePath: string;
  run?: string;
  what: ExportWhat;
  format: ExportFormat;
  /** A file; stdout when absent. */
  out?: string;
}


/** Rows are written in chunks: a million results never sit in memory at once. */
const chunkRows = 2000;

/**
 * Writes a run's results, calls, summary or sweep as CSV (RFC 4180, UTF-8,
 * a header row, numbers unrounded, formula-like text neutralised) or JSON
 * lines. Returns the number of rows written.
 */
export function exportRun(options: ExportOptions): number {
  const database = openDatabase(options.databasePath, { readonly: true });
  let descriptor: number | undefined;
  try {
    const runId = options.what === 'sweep' ? resolveSweepRunId(database, options.run) : resolveRunId(database, options.run);
    if (options.out !== undefined) {
      try {
        descriptor = openSync(options.out, 'w');
      } catch (error) {
        throw new UsageError(`--out: cannot write ${options.out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    }
    // A run stored by an older version may hold a key; none leaves in an export. On a terminal, no escape sequence either.
    const toTerminal = descriptor === undefined && process.stdout.isTTY === true;
    const write = (text: string) => writeAll(descriptor ?? 1, toTerminal ? terminalOutput(redactSecrets(text)) : redactSecrets(text));
    const rows = options.what === 'summary' ? summaryRows(database, runId) : exportRows(database, runId, options.what);
    return writeRows(rows, options.format, write);
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
    database.close();
  }
}

/**
 * Writes all of `text`: stdout may be a pipe in non-blocking mode, where a write takes part of it, or
 * none (EAGAIN) while the reader is behind. The rest is written once the reader has taken some.
 */
function writeAll(descriptor: number, text: string): void {
  let left = Buffer.from(text);
  while (left.length > 0) {
    try {
      left = left.subarray(writeSync(descriptor, left));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

function writeRows(rows: Iterable<Record<string, unknown>>, format: ExportFormat, write: (text: string) => void): number {
  let count = 0;
  let columns: string[] | undefined;
  let chunk: unknown[][] = [];
  const flush = () => {
    if (chunk.length === 0) return;
    write(
      stringify(chunk, {
        record_delimiter: '\r\n',
        // With CRLF as the delimiter csv-stringify quotes only CRLF, yet spreadsheets end a row at a bare
        // LF or CR too: an unquoted multi-line output would split into rows, a line of it into a live formula.
        quote_record_delimiter: true,
        cast: { boolean: (value) => (value ? 'true' : 'false') },
      }),
    );
    chunk = [];
  };
  for (const row of rows) {
    count++;
    if (format === 'jsonl') {
      write(`${JSON.stringify(row)}\n`);
      continue;
    }
    if (!columns) {
      columns = Object.keys(row);
      chunk.push(columns);
    }
    chunk.push(columns.map((column) => cell(row[column])));
    if (chunk.length >= chunkRows) flush();
  }
  flush();
  return count;
}

function cell(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return spreadsheetSafe(value.join(';'));
  if (typeof value === 'object') return spreadsheetSafe(JSON.stringify(value));
  return spreadsheetSafe(value);
}

/** With a pairwise check: the wins, ties and losses against the reference, the net loss with its interval, the judge's agreement with the labels. */
function pairwiseColumns(summary: PairwiseSummary | undefined): Record<string, unknown> {
  if (!summary) return {};
  return {
    pairwiseCompared: summary.compared, pairwiseWins: summary.wins, pairwiseTies: summary.ties, pairwiseLosses: summary.losses,
    pairwiseSplits: summary.splits, pairwiseSame: summary.same, netLossPp: summary.netLossPp,
    netLossCi95PpLow: summary.netLossCi95Pp[0], netLossCi95PpHigh: summary.netLossCi95Pp[1], pairwiseVerdict: summary.selfReference ? 'reference' : summary.verdict,
    labelAgreement: summary.labels?.agreement ?? null, labelKappa: summary.labels?.kappa ?? null,
  };
}

/** Where a server chose the models (a black-box router) or reported its cost: who wrote the answers, and where their cost came from. */
function servedByColumns(servedBy: ServedBy | undefined): Record<string, unknown> {
  if (!servedBy) return {};
  return {
    // `=`, not `:`, between a model and its count: model ids hold colons (`llama3:8b`, OpenRouter's `:free`).
    servedBy: servedBy.models.map((entry) => `${entry.model}=${entry.answers}`).join(';'), servedOtherThanAsked: servedBy.otherThanAsked,
    costBasisReported: servedBy.costBasis.reported, costBasisServedPrice: servedBy.costBasis.servedPrice,
    costBasisConfigured: servedBy.costBasis.configured, costBasisUnpriced: servedBy.unpriced,
  };
}

function summaryRows(database: SqliteDatabase, runId: number): Array<Record<string, unknown>> {
  const report = reportOfStoredRun(database, runId);
  const pairwiseOf = new Map((report.pairwise ?? []).map((summary) => [summary.configuration, summary]));
  const rows = report.configurations.map(({ servedBy, ...configuration }) => ({
    run_id: report.run.id,
    suite: report.run.suite,
    baseline: report.baseline,
    ...Object.fromEntries(
      Object.entries(configuration).flatMap(([key, value]) =>
        // An interval becomes two numeric columns, so a spreadsheet can compute with both ends.
        /Ci95(Pp)?$/.test(key) ? [[`${key}Low`, Array.isArray(value) ? value[0] : null], [`${key}High`, Array.isArray(value) ? value[1] : null]] : [[key, value]],
      ),
    ),
    ...pairwiseColumns(pairwiseOf.get(configuration.name)),
    ...servedByColumns(servedBy),
  }));
  // Every row gets every column (cascade-only fields included), so the CSV header covers them all.
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return rows.map((row) => Object.fromEntries(columns.map((column) => [column, (row as Record<string, unknown>)[column] ?? null])));
}
