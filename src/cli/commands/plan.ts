import * as z from 'zod';
import { UsageError } from '../../errors.js';
import { readRunData, resolveRunId, refuseSweepRun } from '../../store/read-run.js';
import { openDatabase } from '../../store/open-database.js';
import { planSampleSize, type SampleSizePlan } from '../../report/sample-size-plan.js';
import { usd } from '../../report/render-table.js';
import { createTable } from '../../report/table.js';
import { runSuite } from '../../runner/run-suite.js';
import { loadSuite } from '../../suite/load-suite.js';
import { exitCodes } from '../exit.js';
import { createProgressReporter } from '../progress.js';
import { suiteReaders } from '../suite-readers.js';

const planFlags = z.strictObject({
  suite: z.string().optional(),
  db: z.string(),
  run: z.string(),
  pilot: z.number().optional(),
  byTag: z.boolean().optional(),
  concurrency: z.number(),
  marginPp: z.number().optional(),
  power: z.array(z.number()),
  format: z.enum(['table', 'json']),
});

/** The command line of `plan`: a stored run to plan from, or a suite to run a pilot of first. */
export const planCommandLine = planFlags.superRefine((flags, context) => {
  if (flags.suite !== undefined && flags.pilot === undefined) {
    context.addIssue({ code: 'custom', message: 'a suite is planned from a pilot: add --pilot N (e.g. 100), or plan a stored run with --db and --run' });
  }
  if (flags.suite === undefined && flags.pilot !== undefined) context.addIssue({ code: 'custom', message: '--pilot runs a suite: name it, route-bench plan <suite> --pilot N' });
});

export type PlanCommandOptions = z.output<typeof planCommandLine>;

export async function planCommand(options: PlanCommandOptions): Promise<number> {
  let runId: number | undefined;
  let suiteItems: number | undefined;
  if (options.suite !== undefined) {
    const suite = await loadSuite(options.suite, { readers: suiteReaders });
    suiteItems = suite.itemCount;
    const progress = createProgressReporter('auto');
    const outcome = await runSuite(suite, { databasePath: options.db, concurrency: options.concurrency,
      sample: { size: options.pilot!, stratify: options.byTag ?? false }, onProgress: (state) => progress.update(state) });
    progress.finish();
    if (outcome.status !== 'complete') throw new UsageError(`the pilot, run ${outcome.runId}, is ${outcome.status}: resume it (route-bench run --resume ${outcome.runId}), then plan with --run ${outcome.runId}`);
    process.stderr.write(`pilot of ${Math.min(options.pilot!, suite.itemCount)} items stored as run ${outcome.runId} in ${options.db}\n`);
    runId = outcome.runId;
  }
  const database = openDatabase(options.db, { readonly: true });
  let plan: SampleSizePlan;
  try {
    const id = runId ?? resolveRunId(database, options.run);
    refuseSweepRun(database, id, options.db);
    plan = planSampleSize(readRunData(database, id), { powers: options.power, marginPp: options.marginPp, suiteItems });
  } finally {
    database.close();
  }
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan));
  return exitCodes.ok;
}

function renderPlan(plan: SampleSizePlan): string {
  const powers = plan.configurations[0]?.needs.map((need) => need.power) ?? [];
  const table = createTable(
    ['configuration', 'paired', 'discordant', 'Δ here', ...powers.flatMap((power) => [`n at ${power * 100}%`, `cost at ${power * 100}%`])],
    ['left', 'right', 'right', 'right', ...powers.flatMap(() => ['right' as const, 'right' as const])],
  );
  for (const configuration of plan.configurations) {
    table.push([configuration.configuration, String(configuration.pairedItems), String(configuration.discordant),
      `${configuration.observedDeltaPp >= 0 ? '+' : ''}${configuration.observedDeltaPp.toFixed(1)} pp`,
      ...configuration.needs.flatMap((need) => [need.items === null ? '—' : need.items.toLocaleString('en-US'),
        need.costUsd === null ? '—' : `${usd(need.costUsd)} + ${usd(need.baselineCostUsd!)}`])]);
  }
  const lines = [
    `plan from run ${plan.runId}: items needed to show each configuration non-inferior to ${plan.baseline} at ${plan.marginPp} pp (95% two-sided, the report's test), if what this run saw is the truth`,
    table.toString(),
    ...plan.configurations.map((configuration) => `${configuration.configuration}: ${configuration.note}`),
    'cost: the configuration + the baseline it is compared with, at this run\'s cost per item',
  ];
  return `${lines.join('\n')}\n`;
}
