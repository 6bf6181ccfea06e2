import { buildReport, renderTable } from '../../report/index.js';
import { simulateRun } from '../../runner/simulate-run.js';
import { openDatabase } from '../../store/open-database.js';
import { readRunData } from '../../store/read-run.js';
import { exitCodes } from '../exit.js';

export interface SimulateCommandOptions {
  database: string;
  run?: string;
  router: string;
  name?: string;
  format: 'table' | 'json';
}

export async function simulateCommand(options: SimulateCommandOptions): Promise<number> {
  const outcome = await simulateRun({ databasePath: options.database, run: options.run, router: options.router, name: options.name });
  const database = openDatabase(options.database, { readonly: true });
  try {
    const report = buildReport(readRunData(database, outcome.runId));
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${renderTable(report)}\n`);
  } finally {
    database.close();
  }
  process.stderr.write(`simulated "${outcome.configuration.name}" on the answers of run ${outcome.sourceRunId}; stored as run ${outcome.runId} (simulated)\n`);
  return exitCodes.ok;
}
