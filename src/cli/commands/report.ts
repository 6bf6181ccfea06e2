import { openDatabase } from '../../store/open-database.js';
import { refuseSweepRun, resolveRunId } from '../../store/read-run.js';
import { exitCodes } from '../exit.js';
import { printReport, type PrintReportOptions } from '../print-report.js';

export interface ReportCommandOptions extends PrintReportOptions {
  database: string;
  run?: string;
  stratify?: boolean;
}

export async function reportCommand(options: ReportCommandOptions): Promise<number> {
  const database = openDatabase(options.database, { readonly: true });
  let runId: number;
  try {
    runId = resolveRunId(database, options.run);
    refuseSweepRun(database, runId, options.database);
  } finally {
    database.close();
  }
  await printReport(options.database, runId, { ...options, stratifyByTag: options.stratify });
  return exitCodes.ok;
}
