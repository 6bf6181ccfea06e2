import * as z from 'zod';
import { createTable } from '../../report/table.js';
import { usd } from '../../report/render-table.js';
import { estimateCosts, type OutputTokenGuess } from '../../runner/estimate.js';
import { openDatabase } from '../../store/open-database.js';
import { meanOutputTokens } from '../../store/run-contents.js';
import { loadSuite } from '../../suite/load-suite.js';
import { suiteReaders } from '../suite-readers.js';
import { loadTokenCounter } from '../../tokens/count-tokens.js';
import { UsageError } from '../../errors.js';
import { exitCodes } from '../exit.js';
import { tableOrJson } from '../option-values.js';

/** The command line of `estimate`, as commander parses it (main.ts declares it), validated once. */
export const estimateCommandLine = z
  .strictObject({
    suite: z.string(),
    db: z.string().optional(),
    configs: z.array(z.string()).optional(),
    limit: z.number().optional(),
    repeat: z.number(),
    format: z.enum(tableOrJson),
  })
  .transform(({ suite, db, configs, ...rest }) => ({ suitePath: suite, database: db, configurations: configs, ...rest }));

export type EstimateCommandOptions = z.output<typeof estimateCommandLine>;

export async function estimateCommand({ suitePath, ...options }: EstimateCommandOptions): Promise<number> {
  // Nothing is called, so the keys need not be set yet: an estimate comes before deciding to pay.
  const suite = await loadSuite(suitePath, { requireApiKeys: false, readers: suiteReaders });
  const countTokens = await loadTokenCounter();
  const outputTokens = new Map<string, OutputTokenGuess>();
  const stored = options.database ? storedOutputMeans(options.database, suite.name) : new Map<string, number>();
  for (const model of Object.values(suite.models)) {
    const mean = stored.get(model.name);
    if (mean !== undefined) outputTokens.set(model.name, { tokens: mean, source: 'stored' });
    else if (model.settings.maxOutputTokens !== undefined) outputTokens.set(model.name, { tokens: model.settings.maxOutputTokens, source: 'max_tokens' });
  }
  const names = options.configurations;
  const configurations = names ? suite.configurations.filter((configuration) => names.includes(configuration.name)) : suite.configurations;
  if (names && configurations.length !== names.length) throw new UsageError(`--configs: unknown configuration among ${names.join(', ')}`);
  const estimates = estimateCosts(suite, configurations, { limit: options.limit, repeat: options.repeat, countTokens, outputTokens });
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify({ suite: suite.name, outputTokens: Object.fromEntries(outputTokens), configurations: estimates }, null, 2)}\n`);
    return exitCodes.ok;
  }
  const table = createTable(['configuration', 'calls', 'input tokens', 'output tokens', 'cost'], ['left', 'right', 'right', 'right', 'right']);
  for (const estimate of estimates) {
    if (estimate.note && estimate.calls === 0) {
      table.push([estimate.name, '—', '—', '—', estimate.note]);
      continue;
    }
    table.push([estimate.name, String(estimate.calls), String(estimate.inputTokens), estimate.outputTokens === null ? 'unknown' : String(Math.round(estimate.outputTokens)), `${usd(estimate.costUsd)}${estimate.inputOnly ? ' + output' : ''}`]);
  }
  process.stdout.write(`${table.toString()}\n`);
  for (const estimate of estimates) if (estimate.note && estimate.calls > 0) process.stdout.write(`${estimate.name}: ${estimate.note}\n`);
  for (const model of Object.values(suite.models)) {
    const guess = outputTokens.get(model.name);
    const text = !guess
      ? 'unknown (set max_tokens, or pass --db with an earlier run): its output is not priced'
      : guess.source === 'stored'
        ? `${guess.tokens.toFixed(1)} per answer, the mean of stored calls`
        : `at most ${guess.tokens} per answer (max_tokens), an upper bound`;
    process.stdout.write(`output tokens of ${model.name}: ${text}\n`);
  }
  return exitCodes.ok;
}

function storedOutputMeans(path: string, suiteName: string): Map<string, number> {
  const database = openDatabase(path, { readonly: true });
  try {
    return meanOutputTokens(database, suiteName);
  } finally {
    database.close();
  }
}
