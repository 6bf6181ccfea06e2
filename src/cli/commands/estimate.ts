import * as z from 'zod';
import { createTable } from '../../report/table.js';
import { usd } from '../../report/render-table.js';
import { estimateCosts, outputTokenGuesses, type CallsEstimate, type ConfigurationEstimate, type OutputTokenGuess, type StoredOutputMeans } from '../../runner/estimate.js';
import { openDatabase } from '../../store/open-database.js';
import { latestRunOfSuite, readRunData } from '../../store/read-run.js';
import { planSampleSize } from '../../report/sample-size-plan.js';
import { withBatchPrices } from '../../runner/batch-run.js';
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
  const stored = options.database ? storedOutputMeans(options.database, suite.name) : { answer: new Map<string, number>(), judge: new Map<string, number>() };
  const outputTokens = outputTokenGuesses(suite, stored, countTokens);
  const names = options.configurations;
  const configurations = names ? suite.configurations.filter((configuration) => names.includes(configuration.name)) : suite.configurations;
  if (names && configurations.length !== names.length) throw new UsageError(`--configs: unknown configuration among ${names.join(', ')}`);
  const estimateOptions = { limit: options.limit, repeat: options.repeat, countTokens, outputTokens };
  const { configurations: estimates, judgeModels } = estimateCosts(suite, configurations, estimateOptions);
  // The same calls at the batch price (run --batch), where a model can be batched.
  const batchable = Object.values(suite.models).some((model) => model.provider === 'openai' || model.provider === 'anthropic');
  const batch = batchable ? estimateCosts(withBatchPrices(suite), configurations, estimateOptions).configurations : undefined;
  const planned = options.database ? plannedItemsFrom(options.database, suite.name, suite.itemCount) : undefined;
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify({
      suite: suite.name, outputTokens: Object.fromEntries(outputTokens.answers), judgeOutputTokens: Object.fromEntries(outputTokens.judges),
      judgeModels, configurations: estimates.map((estimate, index) => ({ ...estimate,
        batchCostUsd: batch ? batch[index]!.costUsd : null,
        plannedItems80: planned?.items.get(estimate.name) ?? null })),
      plannedFromRun: planned?.runId ?? null,
    }, null, 2)}\n`);
    return exitCodes.ok;
  }
  process.stdout.write(`${estimateTable(estimates, batch, planned?.items)}\n`);
  if (batch) process.stdout.write('batch cost: the same calls through the providers\' batch APIs (run --batch), at their documented 50% discount (mock and replay models cost as they do in a live run)\n');
  if (planned) process.stdout.write(`planned n: the items each configuration needs to show non-inferiority at ${suite.marginPp} pp with 80% power, planned from run ${planned.runId} (route-bench plan --db --run ${planned.runId} says more)\n`);
  else process.stdout.write('planned n: pass --db with a run of this suite (a pilot: route-bench plan suite.yaml --pilot 100) to see how many items the verdict needs\n');
  for (const estimate of estimates) if (estimate.note && estimate.calls > 0) process.stdout.write(`${estimate.name}: ${estimate.note}\n`);
  if (estimates.some((estimate) => estimate.grading.calls > 0)) {
    process.stdout.write('grading: the judge calls that grade the answers, apart from the cost of the answers (as the report keeps them)\n');
  }
  const answering = new Set(estimates.flatMap((estimate) => Object.keys(estimate.callsByModel)));
  for (const model of Object.values(suite.models)) {
    const judgeOnly = judgeModels.includes(model.name) && !answering.has(model.name);
    if (!judgeOnly) process.stdout.write(`output tokens of ${model.name}: ${guessText(outputTokens.answers.get(model.name), 'answer')}\n`);
    if (judgeModels.includes(model.name)) process.stdout.write(`output tokens of ${model.name} as a judge: ${guessText(outputTokens.judges.get(model.name), 'judgement')}\n`);
  }
  return exitCodes.ok;
}

function estimateTable(estimates: ConfigurationEstimate[], batch: ConfigurationEstimate[] | undefined, planned: Map<string, number | null> | undefined): string {
  const judged = estimates.some((estimate) => estimate.grading.calls > 0);
  const heads = ['configuration', 'calls', 'input tokens', 'output tokens', 'cost', ...(batch ? ['batch cost'] : []), ...(judged ? ['grading calls', 'grading cost'] : []),
    ...(planned ? ['planned n'] : [])];
  const table = createTable(heads, heads.map((_, index) => (index === 0 ? 'left' : 'right')));
  const cost = (calls: CallsEstimate) => `${usd(calls.costUsd)}${calls.inputOnly ? ' + output' : ''}`;
  estimates.forEach((estimate, index) => {
    const plannedCell = planned ? [planned.has(estimate.name) ? (planned.get(estimate.name)?.toLocaleString('en-US') ?? 'no n suffices') : '—'] : [];
    if (estimate.note && estimate.calls === 0) {
      table.push([estimate.name, '—', '—', '—', estimate.note, ...(batch ? ['—'] : []), ...(judged ? ['—', '—'] : []), ...plannedCell]);
      return;
    }
    table.push([
      estimate.name, String(estimate.calls), String(estimate.inputTokens), estimate.outputTokens === null ? 'unknown' : String(Math.round(estimate.outputTokens)), cost(estimate),
      ...(batch ? [cost(batch[index]!)] : []), ...(judged ? [String(estimate.grading.calls), cost(estimate.grading)] : []), ...plannedCell,
    ]);
  });
  return table.toString();
}

/** From the newest run of this suite in the database, the items each routed configuration needs at 80% power; undefined without one. */
function plannedItemsFrom(path: string, suiteName: string, suiteItems: number): { runId: number; items: Map<string, number | null> } | undefined {
  const database = openDatabase(path, { readonly: true });
  try {
    const runId = latestRunOfSuite(database, suiteName);
    if (runId === undefined) return undefined;
    const data = readRunData(database, runId);
    // A run without its baseline has no paired outcomes to plan from.
    if (!data.configurations.some((configuration) => configuration.name === data.run.baseline)) return undefined;
    const plan = planSampleSize(data, { powers: [0.8], suiteItems });
    return { runId, items: new Map(plan.configurations.map((configuration) => [configuration.configuration, configuration.needs[0]?.items ?? null])) };
  } finally {
    database.close();
  }
}

/** Which length the estimate took for a model's answers or judgements, and so how far to trust it. */
function guessText(guess: OutputTokenGuess | undefined, unit: 'answer' | 'judgement'): string {
  if (!guess) return 'unknown (set max_tokens, or pass --db with an earlier run): its output is not priced';
  if (guess.source === 'recorded') return `as recorded, each item's own (${guess.tokens.toFixed(1)} per ${unit} on average; the tokenizer's count where a record has none)`;
  if (guess.source === 'stored') return `${guess.tokens.toFixed(1)} per ${unit}, the mean of stored calls`;
  return `at most ${guess.tokens} per ${unit} (max_tokens), an upper bound`;
}

function storedOutputMeans(path: string, suiteName: string): StoredOutputMeans {
  const database = openDatabase(path, { readonly: true });
  try {
    return { answer: meanOutputTokens(database, suiteName, 'answer'), judge: meanOutputTokens(database, suiteName, 'judge') };
  } finally {
    database.close();
  }
}
