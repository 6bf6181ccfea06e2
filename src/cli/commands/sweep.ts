import * as z from 'zod';
import { createTable } from '../../report/table.js';
import { percent, signed } from '../../report/build-report.js';
import { usd } from '../../report/render-table.js';
import { sweepRun, type SweepOptions } from '../../offline/sweep-run.js';
import { routerReader } from '../../suite/parse-router-argument.js';
import { exitCodes } from '../exit.js';
import { tableOrJson } from '../option-values.js';

const sweepFlags = z.strictObject({
  db: z.string(),
  run: z.string(),
  router: z.string(),
  grid: z.string().optional(),
  targetLossPp: z.number().optional(),
  splitSeed: z.number().optional(),
  format: z.enum(tableOrJson),
});

/** The command line of `sweep`, validated once: the sweep in `sweepRun`'s terms, and the output format. */
export const sweepCommandLine = sweepFlags.transform((flags) => ({ sweep: sweepOptions(flags), format: flags.format }));

export type SweepCommandOptions = z.output<typeof sweepCommandLine>;

function sweepOptions({ db, run, router, grid, targetLossPp, splitSeed }: z.output<typeof sweepFlags>): SweepOptions {
  return { databasePath: db, run, router, readRouter: routerReader(router), grid, targetLossPp, splitSeed };
}

/** Table rows shown of a long curve: enough to read its shape. */
const shownPoints = 21;

export async function sweepCommand(options: SweepCommandOptions): Promise<number> {
  const outcome = await sweepRun(options.sweep);
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
    return exitCodes.ok;
  }
  const { parameterName } = outcome;
  // A lambda is a midpoint between two crossings, as exact as it came out: six digits say enough.
  const setting = (value: number) => String(parameterName === 'lambda' ? Number(value.toPrecision(6)) : value);
  const table = createTable([parameterName, 'frontier', 'quality', `Δ vs ${outcome.baseline}`, 'cost', 'reduction'], ['right', 'right', 'right', 'right', 'right', 'right']);
  const step = Math.max(1, Math.ceil(outcome.points.length / shownPoints));
  outcome.points.forEach((point, index) => {
    if (index % step !== 0 && index !== outcome.points.length - 1) return;
    table.push([setting(point.parameter), percent(point.frontierShare), percent(point.quality), `${signed(point.qualityDeltaPp)} pp`, usd(point.costUsd),
      point.costReduction === null ? '—' : `${point.costReduction.toFixed(2)}x`]);
  });
  const lines = [`sweep of ${outcome.router} on run ${outcome.sourceRunId}: ${outcome.points.length} settings (every ${step === 1 ? '' : `${step}th `}shown; all with --format json)`, table.toString()];
  const target = outcome.target;
  if (target) {
    if (!target.chosen) {
      lines.push(`no setting keeps the loss within ${target.lossPp} pp on the calibration half (${target.calibrationItems} items)`);
    } else {
      const { chosen } = target;
      lines.push(
        `target loss ${target.lossPp} pp: ${parameterName} = ${setting(chosen.parameter)}, chosen on ${target.calibrationItems} calibration items (${signed(chosen.calibration.qualityDeltaPp)} pp there)`,
        `on the ${target.heldOutItems} held-out items: quality ${percent(chosen.heldOut.quality)} (${signed(chosen.heldOut.qualityDeltaPp)} pp vs ${outcome.baseline}), frontier ${percent(chosen.heldOut.frontierShare)}, ${chosen.heldOutCostReduction === null ? 'cost reduction unknown' : `${chosen.heldOutCostReduction.toFixed(2)}x cheaper`} (over the items it and ${outcome.baseline} both answered)`,
      );
    }
  }
  for (const warning of outcome.warnings) lines.push(`warning: ${warning}`);
  lines.push(`stored as run ${outcome.runId} (simulated); export the curve with: route-bench export --what sweep --run ${outcome.runId}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return exitCodes.ok;
}
