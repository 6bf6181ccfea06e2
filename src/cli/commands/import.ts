import * as z from 'zod';
import { describeTally, runImport, type ImportSummary } from '../../import/run-import.js';
import { UsageError } from '../../errors.js';
import { formatNamed, importFormats } from '../../import/formats/index.js';
import { exitCodes } from '../exit.js';
import { importDatasetCommand } from './import-dataset.js';

/** The command line of `import`, as commander parses it (main.ts declares it), validated once. */
export const importCommandLine = z
  .strictObject({
    file: z.array(z.string()).min(1),
    from: z.string().optional(),
    out: z.string(),
    sample: z.number().optional(),
    by: z.string().optional(),
    seed: z.number(),
    tagBy: z.array(z.string()).optional(),
    marginPp: z.number(),
    skipBad: z.boolean().optional(),
    force: z.boolean().optional(),
    batchInput: z.string().optional(),
    promptColumn: z.string().optional(),
    answerColumn: z.string().optional(),
    modelColumn: z.string().optional(),
    labelColumn: z.string().optional(),
    systemColumn: z.string().optional(),
    gold: z.string().optional(),
    prompts: z.string().optional(),
    idPrefix: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only').optional(),
  })
  .transform((line) => ({
    files: line.file, file: line.file[0]!, from: line.from, out: line.out, sample: line.sample, by: line.by, seed: line.seed, tagBy: line.tagBy ?? [],
    marginPp: line.marginPp, force: line.force ?? false,
    options: {
      skipBad: line.skipBad ?? false, batchInput: line.batchInput,
      columns: { prompt: line.promptColumn, answer: line.answerColumn, model: line.modelColumn, label: line.labelColumn, system: line.systemColumn },
    },
    dataset: { gold: line.gold, prompts: line.prompts, idPrefix: line.idPrefix },
    /** The flags given that only a production log takes (a router dataset refuses them). */
    logOnly: Object.entries({
      '--sample': line.sample, '--by': line.by, '--tag-by': line.tagBy, '--batch-input': line.batchInput, '--prompt-column': line.promptColumn,
      '--answer-column': line.answerColumn, '--model-column': line.modelColumn, '--label-column': line.labelColumn, '--system-column': line.systemColumn,
    }).filter(([, value]) => value !== undefined).map(([flag]) => flag),
  }));

export async function importCommand(request: z.output<typeof importCommandLine>): Promise<number> {
  const { routerDatasetFormat, routerDatasetFormats } = await import('../../import/router-datasets/index.js');
  const dataset = request.from === undefined ? undefined : routerDatasetFormat(request.from);
  if (dataset) return importDatasetCommand(request, dataset);
  if (request.from !== undefined && !formatNamed(request.from)) {
    throw new UsageError(`--from: unknown format "${request.from}"; a log: ${importFormats.map((each) => each.name).join(', ')}; a router dataset: ${routerDatasetFormats.map((each) => each.name).join(', ')}`);
  }
  const datasetFlag = Object.entries({ '--gold': request.dataset.gold, '--prompts': request.dataset.prompts, '--id-prefix': request.dataset.idPrefix })
    .find(([, value]) => value !== undefined)?.[0];
  if (datasetFlag !== undefined) throw new UsageError(`${datasetFlag} is for a router dataset (--from routellm or embedllm), not a production log`);
  if (request.files.length > 1) throw new UsageError(`a production log is one file, and ${request.files.length} were given (several files are for a router dataset: --from routerarena, llmrouterbench, ...)`);
  const summary = await runImport(request);
  process.stdout.write(`${summaryLines(request.file, request, summary).join('\n')}\n`);
  return exitCodes.ok;
}

function summaryLines(file: string, request: z.output<typeof importCommandLine>, summary: ImportSummary): string[] {
  const { tally, written } = summary;
  const lines = [`read ${file} as ${summary.format.name}${summary.detected ? ' (detected from its content; --from names another)' : ''}`];
  lines.push(`  ${describeTally(tally)}`);
  lines.push(tally.credentialsDropped > 0
    ? `  ${tally.credentialsDropped} credentials removed (authorization headers, key fields, key-shaped text): none written`
    : '  no credential found (authorization headers, key fields and key-shaped text are removed)');
  const sampled = request.sample !== undefined && summary.items < summary.distinct
    ? `, sampled ${summary.items} of ${summary.distinct}${request.by ? ` by ${request.by}` : ''} (seed ${request.seed})` : '';
  lines.push(`  ${summary.exchanges} exchanges, ${summary.duplicates} repeated conversations merged: ${summary.items} items${sampled}`);
  lines.push(`  ${summary.multiTurn} multi-turn, ${summary.withTools} with tool calls written as text; ${written.labelled} with a label`);
  const { logged, priced, unknown } = written.costs;
  lines.push(`  incumbent ${written.incumbent}: cost of ${logged} answers from the log, ${priced} from their tokens at the bundled price, ${unknown} left to the run`);
  if (summary.models.length > 1) {
    lines.push(`  models in the log: ${summary.models.map(([model, count]) => `${model} (${count})`).join(', ')}: one incumbent replays them all (each item is tagged model:<name>); an answer the log gives neither cost nor tokens for is priced at ${written.incumbent}'s price`);
  }
  if (written.priceToSet) lines.push(`  warning: ${written.incumbent} has no bundled price: set the incumbent's price in suite.yaml`);
  lines.push(`wrote ${written.files.join(', ')}`);
  const suite = written.files[written.files.length - 1]!;
  lines.push(`next: replace the mock cheap model and judge in ${suite} with real ones, then`,
    `  route-bench validate ${suite}`, `  route-bench estimate ${suite}`, `  route-bench run ${suite}`);
  return lines;
}
