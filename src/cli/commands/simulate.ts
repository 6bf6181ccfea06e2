import { simulateRun } from '../../offline/simulate-run.js';
import { routerReader } from '../../suite/parse-router-argument.js';
import { exitCodes } from '../exit.js';
import { printReport, type PrintReportOptions } from '../print-report.js';

export interface SimulateCommandOptions extends PrintReportOptions {
  database: string;
  run?: string;
  router: string;
  name?: string;
  stratify?: boolean;
}

export async function simulateCommand(options: SimulateCommandOptions): Promise<number> {
  const outcome = await simulateRun({ databasePath: options.database, run: options.run, router: options.router, readRouter: routerReader(options.router, options.name) });
  await printReport(options.database, outcome.runId, { ...options, stratifyByTag: options.stratify, learned: outcome.learned });
  process.stderr.write(`simulated "${outcome.configuration.name}" on the answers of run ${outcome.sourceRunId}; stored as run ${outcome.runId} (simulated)\n`);
  return exitCodes.ok;
}
