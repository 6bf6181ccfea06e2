import * as z from 'zod';
import { percent, signed } from '../../report/build-report.js';
import { compareRuns } from '../../report/compare-runs.js';
import { usd } from '../../report/render-table.js';
import { createTable } from '../../report/table.js';
import { openDatabase } from '../../store/open-database.js';
import { resolveRunId } from '../../store/read-run.js';
import { preview } from '../../util/terminal-safe.js';
import { exitCodes } from '../exit.js';
import { tableOrJson } from '../option-values.js';

/** The command line of `compare`, as commander parses it (main.ts declares it), validated once. */
export const compareCommandLine = z
  .strictObject({
    runA: z.string(),
    runB: z.string(),
    db: z.string(),
    dbB: z.string().optional(),
    /** Flipped items listed per configuration and direction. */
    maxItems: z.number(),
    format: z.enum(tableOrJson),
  })
  .transform(({ db, dbB, ...rest }) => ({ database: db, databaseB: dbB, ...rest }));

export type CompareCommandOptions = z.output<typeof compareCommandLine>;

export async function compareCommand({ runA, runB, ...options }: CompareCommandOptions): Promise<number> {
  const databaseA = openDatabase(options.database, { readonly: true });
  const databaseB = options.databaseB ? openDatabase(options.databaseB, { readonly: true }) : databaseA;
  try {
    const comparison = compareRuns(databaseA, resolveRunId(databaseA, runA), databaseB, resolveRunId(databaseB, runB));
    if (options.format === 'json') {
      process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
      return exitCodes.ok;
    }
    const lines = [`run ${comparison.runA.id} (A) → run ${comparison.runB.id} (B)${comparison.sameSuite ? '' : ' · warning: the suites differ (content hash)'}`];
    const table = createTable(['configuration', 'pass A', 'pass B', 'Δ', 'cost A', 'cost B', 'Δ cost', 'now failing', 'now passing'],
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right']);
    for (const configuration of comparison.configurations) {
      table.push([configuration.name, percent(configuration.passRateA), percent(configuration.passRateB),
        configuration.passRateChangePp === null ? '—' : `${signed(configuration.passRateChangePp)} pp`, usd(configuration.costUsdA), usd(configuration.costUsdB),
        configuration.costChangePct === null ? '—' : `${signed(configuration.costChangePct)}%`, String(configuration.newlyFailing.length), String(configuration.newlyPassing.length)]);
    }
    lines.push(table.toString());
    for (const configuration of comparison.configurations) {
      for (const [label, items] of [['now failing', configuration.newlyFailing], ['now passing', configuration.newlyPassing]] as const) {
        if (items.length === 0) continue;
        lines.push(`${configuration.name}, ${label} (${items.length}):`);
        for (const item of items.slice(0, options.maxItems)) {
          lines.push(`  ${preview(item.itemId, 40)}: A "${preview(item.outputA ?? '(no answer)', 60)}" → B "${preview(item.outputB ?? '(no answer)', 60)}"`);
        }
        if (items.length > options.maxItems) lines.push(`  ... and ${items.length - options.maxItems} more (--format json lists all)`);
      }
    }
    for (const warning of comparison.warnings) lines.push(`warning: ${warning}`);
    if (comparison.onlyInA.length > 0) lines.push(`only in A: ${comparison.onlyInA.join(', ')}`);
    if (comparison.onlyInB.length > 0) lines.push(`only in B: ${comparison.onlyInB.join(', ')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return exitCodes.ok;
  } finally {
    databaseA.close();
    if (databaseB !== databaseA) databaseB.close();
  }
}
