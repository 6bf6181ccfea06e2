import * as z from 'zod';
import { costText, gradedAnswer, gradeText, latencyText, routeText } from '../../report/item-cells.js';
import { explorerRows, selectItems, type ItemSelection } from '../../report/item-explorer.js';
import { createTable } from '../../report/table.js';
import { openDatabase } from '../../store/open-database.js';
import { refuseSweepRun, resolveRunId } from '../../store/read-run.js';
import { preview } from '../../util/terminal-safe.js';
import { exitCodes } from '../exit.js';
import { itemFormats, itemOutcomes } from '../option-values.js';

/** The command line of `items`, as commander parses it (main.ts declares it), validated once. */
export const itemsCommandLine = z
  .strictObject({
    db: z.string(),
    run: z.string(),
    configuration: z.string().optional(),
    outcome: z.enum(itemOutcomes).optional(),
    tag: z.string().optional(),
    limit: z.number().int().positive().optional(),
    format: z.enum(itemFormats),
  })
  .transform(({ db, ...rest }) => ({ database: db, ...rest }));

export type ItemsCommandOptions = z.output<typeof itemsCommandLine>;

/** The item explorer in the terminal: every row, lost and won first; a table of one line each, or JSON lines with every field. */
export async function itemsCommand(options: ItemsCommandOptions): Promise<number> {
  const database = openDatabase(options.database, { readonly: true });
  try {
    const runId = resolveRunId(database, options.run);
    refuseSweepRun(database, runId, options.database);
    const selection = selectItems(database, runId, options);
    const rows = explorerRows(database, selection.run, selection.index, selection.keys);
    if (options.format === 'jsonl') {
      let lines: string[] = [];
      for (const row of rows) {
        lines.push(JSON.stringify(row));
        if (lines.length === 500) {
          process.stdout.write(`${lines.join('\n')}\n`);
          lines = [];
        }
      }
      if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
      return exitCodes.ok;
    }
    // With one configuration asked for, its name would fill a column on every line.
    const named = options.configuration === undefined;
    const table = createTable([...(named ? ['configuration'] : []), 'item', 'outcome', 'tags', 'route', 'answer', 'baseline answer', 'grade', 'cost', 'latency'],
      [...(named ? ['left' as const] : []), 'left', 'left', 'left', 'left', 'left', 'left', 'left', 'right', 'right']);
    let count = 0;
    for (const row of rows) {
      const answer = gradedAnswer(row.result)?.output ?? (row.result.unanswered === null ? '' : `(no answer: ${row.result.unanswered})`);
      const baselineAnswer = row.baseline ? (gradedAnswer(row.baseline)?.output ?? '(no answer)') : '—';
      const grade = `${gradeText(row.result)}${row.result.reason === null ? '' : `: ${row.result.reason}`}`;
      table.push([...(named ? [preview(row.configuration, 24)] : []), preview(row.itemId, 16), row.outcome, preview(row.tags.join(', '), 10), preview(routeText(row.result), 22),
        preview(answer, 24), preview(baselineAnswer, 18), preview(grade, 26), costText(row.result), latencyText(row.result)]);
      count++;
    }
    process.stdout.write(`${[...header(selection), ...(count === 0 ? ['no item matches'] : [table.toString()]), footer(selection, count)].join('\n')}\n`);
    return exitCodes.ok;
  } finally {
    database.close();
  }
}

function header({ run, classified }: ItemSelection): string[] {
  const counts = classified.configurations.map((each) => `${each.name}: ${each.lost} lost, ${each.won} won of ${each.items}`);
  const sample = run.repeat > 1 ? `, first sample of ${run.repeat}` : '';
  return [`run ${run.id} · ${run.suiteName} v${run.suiteVersion} · against ${run.baseline} (baseline${sample})`, counts.join(' · ') || 'no configuration but the baseline'];
}

function footer(selection: ItemSelection, printed: number): string {
  const more = selection.matching > printed ? `${printed} of ${selection.matching} rows (--limit)` : `${printed} rows`;
  return `${more}; lost: ${selection.run.baseline} passed, this failed; won: the reverse. --format jsonl has the prompt, reference, every answer and its tokens`;
}
