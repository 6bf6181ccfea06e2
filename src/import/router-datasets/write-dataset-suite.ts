import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { UsageError } from '../../errors.js';
import { lookupBundledPrice } from '../../pricing/bundled-prices.js';
import type { DatasetAnswer, DatasetItem } from './types.js';

export interface DatasetWriteOptions {
  out: string;
  /** The suite's name: the folder's by default. */
  name: string;
  /** The format's name, for the suite's first comment and description. */
  source: string;
  marginPp: number;
  /** Write into a folder that is not empty. */
  force: boolean;
}

/** One model as written: its key in the suite, where its price comes from, and what it answered. */
export interface WrittenModel {
  key: string;
  name: string;
  answers: number;
  meanScore: number;
  /** `recorded`: every answer carries its cost; `bundled`: genai-prices knows the model; `to set`: a zero price marked TODO. */
  price: 'recorded' | 'bundled' | 'to set';
  /** Answers without a cost of a model whose other answers carry one: priced from their tokens at the price, said so. */
  uncosted: number;
}

export interface WrittenDataset {
  files: string[];
  items: number;
  /** Items no model has a scored answer for: left out. */
  unanswered: number;
  models: WrittenModel[];
  /** The model with the highest mean score: the baseline's and the frontier. */
  best: WrittenModel;
}

export const datasetFileNames = { items: 'items.jsonl', replay: 'replay.jsonl', suite: 'suite.yaml' } as const;

/**
 * Writes a router dataset as route-bench's own files: the items (`id`,
 * `prompt`, the tag `task:<name>`, `expected` where known), one replay file
 * of every model's answers with their recorded scores, costs and tokens,
 * and a suite that validates and runs as written: each model replayed under
 * a short key with its `all-<key>` configuration, the oracle, graded by the
 * recorded scores, the best model (highest mean score) as the baseline.
 */
export async function writeDatasetSuite(items: ReadonlyMap<string, DatasetItem>, answers: readonly DatasetAnswer[], options: DatasetWriteOptions): Promise<WrittenDataset> {
  prepareFolder(options);
  const answered = new Set(answers.map((answer) => answer.id));
  const kept = [...items.values()].filter((item) => answered.has(item.id));
  const models = await describeModels(answers);
  const best = models.reduce((top, model) => (model.meanScore > top.meanScore ? model : top));
  const itemLines = kept.map(({ id, prompt, task, expected }) => JSON.stringify({ id, prompt, tags: task === undefined ? [] : [`task:${task}`], ...(expected === undefined ? {} : { expected }) }));
  const replayLines = answers.map(({ id, model, output, score, costUsd, inputTokens, outputTokens }) => JSON.stringify({
    id, model, output, score,
    ...(costUsd === undefined ? {} : { cost_usd: costUsd }),
    ...(inputTokens === undefined ? {} : { input_tokens: inputTokens }),
    ...(outputTokens === undefined ? {} : { output_tokens: outputTokens }),
  }));
  const paths = Object.values(datasetFileNames).map((name) => join(options.out, name));
  writeFileSync(paths[0]!, `${itemLines.join('\n')}\n`);
  writeFileSync(paths[1]!, `${replayLines.join('\n')}\n`);
  writeFileSync(paths[2]!, suiteText(options, models, best, kept.length));
  return { files: paths, items: kept.length, unanswered: items.size - kept.length, models, best };
}

/** The folder, made if need be; one that holds anything is refused unless `--force`. */
function prepareFolder(options: DatasetWriteOptions): void {
  if (existsSync(options.out)) {
    if (!statSync(options.out).isDirectory()) throw new UsageError(`--out ${options.out}: is a file, not a folder`);
    if (readdirSync(options.out).length > 0 && !options.force) throw new UsageError(`--out ${options.out}: the folder is not empty; choose another, or add --force to write into it`);
  }
  try {
    mkdirSync(options.out, { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${options.out}: cannot make the folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** The models in the order first read, each with a short key, its mean score and where its price comes from. */
async function describeModels(answers: readonly DatasetAnswer[]): Promise<WrittenModel[]> {
  const byModel = new Map<string, DatasetAnswer[]>();
  for (const answer of answers) {
    const own = byModel.get(answer.model);
    if (own) own.push(answer);
    else byModel.set(answer.model, [answer]);
  }
  const keys = new Set<string>();
  const models: WrittenModel[] = [];
  for (const [name, own] of byModel) {
    const costed = own.filter((answer) => answer.costUsd !== undefined).length;
    const price = costed === own.length ? 'recorded' : (await lookupBundledPrice('replay', name)) ? 'bundled' : 'to set';
    const meanScore = own.reduce((total, answer) => total + answer.score, 0) / own.length;
    models.push({ key: uniqueKey(name, keys), name, answers: own.length, meanScore, price, uncosted: costed > 0 ? own.length - costed : 0 });
  }
  return models;
}

/** Some answers carry a cost, some not: those are priced from their tokens, at a price the user must check. */
function partialCostLine(model: WrittenModel): string {
  const what = `${model.uncosted} of its ${model.answers} answers carry no cost: they are priced from their tokens`;
  return model.price === 'bundled' ? `    # ${what} at the bundled price (genai-prices); set price: to override`
    : `    price: { input_mtok: 0, output_mtok: 0 }   # TODO: set price (${what} at this price, the others cost what the data says)`;
}

/** `mistralai/Mixtral-8x7B-Instruct-v0.1` becomes `mixtral-8x7b-instruct-v0.1`; a key taken already gets `-2`, `-3`. */
function uniqueKey(name: string, taken: Set<string>): string {
  const base = (name.split('/').pop() ?? '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '') || 'model';
  let key = base;
  for (let suffix = 2; taken.has(key); suffix++) key = `${base}-${suffix}`;
  taken.add(key);
  return key;
}

function suiteText(options: DatasetWriteOptions, models: readonly WrittenModel[], best: WrittenModel, items: number): string {
  const value = (text: string) => stringify(text).trimEnd();
  const modelLines = models.flatMap((model) => [
    `  ${value(model.key)}:`,
    '    provider: replay',
    `    model: ${value(model.name)}`,
    `    file: ${datasetFileNames.replay}`,
    ...(model.answers < items ? [`    on_missing: skip                  # answers ${model.answers} of the ${items} items: the others are counted as gaps`] : []),
    model.price === 'recorded' ? '    # every answer carries its cost: no price needed'
      : model.uncosted > 0 ? partialCostLine(model)
        : model.price === 'bundled' ? '    # priced from its tokens at the bundled price (genai-prices); set price: to override'
          : '    price: { input_mtok: 0, output_mtok: 0 }   # TODO: set price (the data has no cost for its answers, and no price is bundled for it)',
  ]);
  const configurationLines = models.map((model) => `  ${value(`all-${model.key}`)}: { model: ${value(model.key)} }`);
  return `# Written by route-bench import --from ${options.source}: every model's recorded answers, graded by their recorded scores.
# Nothing is called. Add routers under configurations, then: route-bench run.
name: ${value(options.name)}
version: 1
description: ${value(`${options.source} data: ${items} items, ${models.length} models, imported by route-bench.`)}
dataset: ${datasetFileNames.items}
prompt: '{{prompt}}'
checks:
  - { type: recorded }                  # the score recorded with each answer is its grade; 0.5 or more passes
models:
${modelLines.join('\n')}
configurations:
${configurationLines.join('\n')}
  oracle: { router: oracle }            # per item the best-scoring model, the cheapest among ties: the upper bound of any router
  predictive: { router: predictive }    # learns per model which items it passes; sweep its lambda: route-bench sweep --router predictive
baseline: ${value(`all-${best.key}`)}   # the highest mean score (${best.meanScore.toFixed(3)})
frontier: ${value(best.key)}
margin_pp: ${options.marginPp}
`;
}
