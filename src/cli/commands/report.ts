import { buildReport, renderTable } from '../../report/index.js';
import { openDatabase } from '../../store/open-database.js';
import { readRunData, resolveRunId } from '../../store/read-run.js';
import { exitCodes } from '../exit.js';

export interface ReportCommandOptions {
  database: string;
  run?: string;
  format: 'table' | 'json';
}

export async function reportCommand(options: ReportCommandOptions): Promise<number> {
  const database = openDatabase(options.database, { readonly: true });
  try {
    const runId = resolveRunId(database, options.run);
    const report = buildReport(readRunData(database, runId));
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${renderTable(report)}\n`);
  } finally {
    database.close();
  }
  return exitCodes.ok;
}
