import { appendFileSync, writeFileSync } from 'node:fs';
import { fileText } from '../guard-output.js';
import * as z from 'zod';
import { UsageError } from '../../errors.js';
import { renderGateLines, renderGateMarkdown, renderJunit } from '../../gate/render-gate.js';
import { runGate, type GateOptions } from '../../gate/run-gate.js';
import { exitCodes } from '../exit.js';

const gateFlags = z.strictObject({
  db: z.string(),
  run: z.string(),
  configs: z.array(z.string()).optional(),
  maxQualityLossPp: z.number().optional(),
  minCostReduction: z.number().optional(),
  requireNonInferior: z.boolean().optional(),
  baseline: z.string().optional(),
  maxRegressionPp: z.number().optional(),
  maxCostIncreasePct: z.number().optional(),
  maxUnansweredPct: z.number().optional(),
  minShared: z.number().optional(),
  allowSuiteChange: z.boolean().optional(),
  junit: z.string().optional(),
  resamples: z.number(),
});

/** The command line of `gate`, validated once: the gate in `runGate`'s terms (its criteria are the flags), and where to write JUnit. */
export const gateCommandLine = gateFlags.transform(({ junit, ...flags }) => ({ gate: gateOptions(flags), junit }));

export type GateCommandOptions = z.output<typeof gateCommandLine>;

/** What is left once the gate's own flags are taken is its criteria. */
function gateOptions({ db, run, baseline, minShared, allowSuiteChange, resamples, configs, ...criteria }: Omit<z.output<typeof gateFlags>, 'junit'>): GateOptions {
  return { databasePath: db, run, baseline, minShared, allowSuiteChange, resamples, criteria: { configurations: configs, ...criteria } };
}

export async function gateCommand(options: GateCommandOptions): Promise<number> {
  const outcome = await runGate(options.gate);
  process.stdout.write(renderGateLines(outcome.report.run, outcome.outcomes, outcome.baselineNote));
  const title = `route-bench gate · ${outcome.report.run.suite} · run ${outcome.report.run.id}`;
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) writeOrExplain(() => appendFileSync(summaryFile, fileText(renderGateMarkdown(outcome.outcomes, title, outcome.baselineNote))), '$GITHUB_STEP_SUMMARY', summaryFile);
  const { junit } = options;
  if (junit) writeOrExplain(() => writeFileSync(junit, fileText(renderJunit(outcome.outcomes, outcome.report.run.suite))), '--junit', junit);
  return outcome.passed ? exitCodes.ok : exitCodes.gateFailed;
}

function writeOrExplain(write: () => void, what: string, file: string): void {
  try {
    write();
  } catch (error) {
    throw new UsageError(`${what}: cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
