import * as z from 'zod';
import { simulateRun, type SimulateOptions } from '../../offline/simulate-run.js';
import { routerReader } from '../../suite/parse-router-argument.js';
import { exitCodes } from '../exit.js';
import { renderSettle, replayStoredRun } from './simulate-settle.js';
import { printReport, printReportOptions, reportFlags } from '../print-report.js';

const simulateFlags = z.strictObject({ db: z.string(), run: z.string(), router: z.string().optional(), name: z.string().optional(),
  untilSettled: z.boolean().optional(), wave: z.number(), marginPp: z.number().optional(), ...reportFlags.shape });

/** The command line of `simulate`, validated once: what to simulate, in `simulateRun`'s terms, and how to report it. */
export const simulateCommandLine = simulateFlags
  .superRefine((flags, context) => {
    if (flags.untilSettled && flags.router !== undefined) {
      context.addIssue({ code: 'custom', message: '--until-settled replays the run\'s own configurations: drop --router (or simulate the router first, then replay that run)' });
    }
    if (!flags.untilSettled && flags.router === undefined) context.addIssue({ code: 'custom', message: 'name the router to simulate: --router SPEC (or --until-settled)' });
  })
  // One of the two: a router simulated and stored as a run, or the run's own configurations replayed until settled.
  .transform((flags) => flags.untilSettled
    ? { kind: 'settle' as const, settle: { databasePath: flags.db, run: flags.run, waveSize: flags.wave, marginPp: flags.marginPp, format: flags.format } }
    : { kind: 'simulate' as const, simulate: simulateOptions(flags, flags.router!), report: printReportOptions(flags) });

export type SimulateCommandOptions = z.output<typeof simulateCommandLine>;

function simulateOptions({ db, run, name }: z.output<typeof simulateFlags>, router: string): SimulateOptions {
  return { databasePath: db, run, router, readRouter: routerReader(router, name) };
}

export async function simulateCommand(options: SimulateCommandOptions): Promise<number> {
  if (options.kind === 'settle') {
    process.stdout.write(renderSettle(replayStoredRun(options.settle), options.settle.format));
    return exitCodes.ok;
  }
  const outcome = await simulateRun(options.simulate);
  await printReport(options.simulate.databasePath, outcome.runId, { ...options.report, learned: outcome.learned });
  process.stderr.write(`simulated "${outcome.configuration.name}" on the answers of run ${outcome.sourceRunId}; stored as run ${outcome.runId} (simulated)\n`);
  return exitCodes.ok;
}
