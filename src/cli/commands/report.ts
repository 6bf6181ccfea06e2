import * as z from 'zod';
import { openDatabase } from '../../store/open-database.js';
import { refuseSweepRun, resolveRunId } from '../../store/read-run.js';
import { exitCodes } from '../exit.js';
import { printReport, printReportOptions, reportFlags } from '../print-report.js';

/** The command line of `report`, as commander parses it (main.ts declares it), validated once. */
export const reportCommandLine = z
  .strictObject({ db: z.string(), run: z.string(), ...reportFlags.shape })
  .transform((flags) => ({ database: flags.db, run: flags.run, report: printReportOptions(flags) }));

export type ReportCommandOptions = z.output<typeof reportCommandLine>;

export async function reportCommand(options: ReportCommandOptions): Promise<number> {
  const database = openDatabase(options.database, { readonly: true });
  let runId: number;
  try {
    runId = resolveRunId(database, options.run);
    refuseSweepRun(database, runId, options.database);
  } finally {
    database.close();
  }
  await printReport(options.database, runId, options.report);
  return exitCodes.ok;
}
