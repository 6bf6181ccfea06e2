import { writeFileSync } from 'node:fs';
import { fileText } from './guard-output.js';
import * as z from 'zod';
import { UsageError } from '../errors.js';
import { renderTable } from '../report/index.js';
import type { Report } from '../types/index.js';
import type { ItemExplorer } from '../report/item-explorer.js';
import type { LearnedScores } from '../offline/learned-scores.js';
import { reportJson } from '../report/item-digest.js';
import { reportOfStoredRun } from '../report/report-of-run.js';
import { openDatabase } from '../store/open-database.js';
import { reportFormats } from './option-values.js';

export type ReportFormat = (typeof reportFormats)[number];

export interface PrintReportOptions {
  format: ReportFormat;
  /** Write here instead of stdout. */
  out?: string;
  resamples?: number;
  stratifyByTag?: boolean;
  /** Learned routers' scores the command already trained, so the report's curves do not train them again. */
  learned?: LearnedScores;
}

/** The report flags of run, report and simulate (main.ts `withReportOptions`), as commander parses them. */
export const reportFlags = z.object({
  format: z.enum(reportFormats),
  out: z.string().optional(),
  resamples: z.number(),
  stratify: z.boolean().optional(),
});

/** The report flags as `printReport` takes them. */
export function printReportOptions({ format, out, resamples, stratify }: z.output<typeof reportFlags>): PrintReportOptions {
  return { format, out, resamples, stratifyByTag: stratify };
}

/** Builds the report of a stored run and prints it (or writes it to --out) in the asked format. */
export async function printReport(databasePath: string, runId: number, options: PrintReportOptions): Promise<void> {
  const database = openDatabase(databasePath, { readonly: true });
  let text: string;
  try {
    const report = reportOfStoredRun(database, runId, { resamples: options.resamples, stratifyByTag: options.stratifyByTag, learned: options.learned,
      withItems: options.format === 'json' });
    // The HTML page's item view reads the items chosen for it, and only those.
    const explorer = options.format === 'html' ? (await import('../report/item-explorer.js')).explorerOfStoredRun(database, runId) : undefined;
    text = await render(report, options.format, explorer);
  } finally {
    database.close();
  }
  if (options.out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(options.out, fileText(text));
  } catch (error) {
    throw new UsageError(`cannot write the report to ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  process.stderr.write(`report written to ${options.out}\n`);
}

async function render(report: Report, format: ReportFormat, explorer?: ItemExplorer): Promise<string> {
  switch (format) {
    case 'json':
      return reportJson(report);
    case 'markdown':
      return (await import('../report/render-markdown.js')).renderMarkdown(report);
    case 'html':
      return (await import('../report/render-html.js')).renderHtml(report, explorer);
    default:
      return `${renderTable(report, { width: terminalWidth() })}\n`;
  }
}

/** The columns of the terminal stdout is, or `COLUMNS` when set; undefined when printing to a pipe or a file. */
function terminalWidth(): number | undefined {
  if (process.stdout.isTTY && process.stdout.columns > 0) return process.stdout.columns;
  const columns = Number(process.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}
