import * as z from 'zod';
import { simulateRun, type SimulateOptions } from '../../offline/simulate-run.js';
import { routerReader } from '../../suite/parse-router-argument.js';
import { exitCodes } from '../exit.js';
import { printReport, printReportOptions, reportFlags } from '../print-report.js';

const simulateFlags = z.strictObject({ db: z.string(), run: z.string(), router: z.string(), name: z.string().optional(), ...reportFlags.shape });

/** The command line of `simulate`, validated once: what to simulate, in `simulateRun`'s terms, and how to report it. */
export const simulateCommandLine = simulateFlags.transform((flags) => ({ simulate: simulateOptions(flags), report: printReportOptions(flags) }));

export type SimulateCommandOptions = z.output<typeof simulateCommandLine>;

function simulateOptions({ db, run, router, name }: z.output<typeof simulateFlags>): SimulateOptions {
  return { databasePath: db, run, router, readRouter: routerReader(router, name) };
}

export async function simulateCommand(options: SimulateCommandOptions): Promise<number> {
  const outcome = await simulateRun(options.simulate);
  await printReport(options.simulate.databasePath, outcome.runId, { ...options.report, learned: outcome.learned });
  process.stderr.write(`simulated "${outcome.configuration.name}" on the answers of run ${outcome.sourceRunId}; stored as run ${outcome.runId} (simulated)\n`);
  return exitCodes.ok;
}
