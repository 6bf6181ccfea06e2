import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { lookupBundledPrice } from '../pricing/bundled-prices.js';
import { costUsd } from '../pricing/cost.js';
import { UsageError } from '../errors.js';
import type { PriceSpec } from '../types/index.js';
import type { TrafficItem } from './prepare-items.js';

export interface WriteOptions {
  out: string;
  /** The suite's name: the folder's by default. */
  name: string;
  marginPp: number;
  /** Overwrite files already in `out`. */
  force: boolean;
}

export interface Written {
  files: string[];
  incumbent: string;
  /** Answers whose cost came from the log, from its tokens at the bundled price, or is left to the run. */
  costs: { logged: number; priced: number; unknown: number };
  /** The incumbent's model has no bundled price and some answers no cost: the suite carries a zero price to set. */
  priceToSet: boolean;
  labelled: number;
}

export const fileNames = { items: 'items.jsonl', replay: 'incumbent.jsonl', suite: 'suite.yaml' } as const;

/**
 * Writes the dataset (chat items), the replay of the incumbent's answers
 * (with the log's usage and cost, or a cost from its tokens at the model's
 * bundled price) and a suite that validates and runs as written: the
 * incumbent replayed, a cheap model and a judge as mocks to replace, the
 * all-incumbent, all-cheap and routed configurations, and pairwise
 * grading against the incumbent's answers. Nothing is overwritten unless
 * asked; an existing file is an error before any is written.
 */
export async function writeTrafficSuite(items: readonly TrafficItem[], options: WriteOptions): Promise<Written> {
  const paths = Object.values(fileNames).map((name) => join(options.out, name));
  const existing = paths.filter((path) => existsSync(path));
  if (existing.length > 0 && !options.force) throw new ExistingFilesError(existing);
  try {
    mkdirSync(options.out, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--out ${options.out}: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'is a file, not a folder' : `cannot make the folder (${code ?? String(error)})`}`);
  }

  const incumbent = mostCommonModel(items) ?? 'incumbent-model';
  const prices = new Map<string, PriceSpec | undefined>();
  const priceOf = async (model: string) => {
    if (!prices.has(model)) prices.set(model, await lookupBundledPrice('replay', model));
    return prices.get(model);
  };
  const costs = { logged: 0, priced: 0, unknown: 0 };
  const itemLines: string[] = [];
  const replayLines: string[] = [];
  let labelled = 0;
  for (const { id, exchange, tags } of items) {
    const row: Record<string, unknown> = { id, messages: exchange.messages, tags, model: exchange.model ?? null };
    if (exchange.sourceId !== undefined) row.source_id = exchange.sourceId;
    if (Object.keys(exchange.metadata).length > 0) row.meta = exchange.metadata;
    if (exchange.label !== undefined) {
      row.expected = exchange.label;
      labelled++;
    }
    itemLines.push(JSON.stringify(row));
    const record: Record<string, unknown> = { id, output: exchange.answer };
    if (exchange.inputTokens !== undefined) record.input_tokens = exchange.inputTokens;
    if (exchange.outputTokens !== undefined) record.output_tokens = exchange.outputTokens;
    if (exchange.latencyMs !== undefined) record.latency_ms = Math.round(exchange.latencyMs);
    const price = exchange.model ? await priceOf(exchange.model) : undefined;
    if (exchange.costUsd !== undefined) {
      record.cost_usd = exchange.costUsd;
      costs.logged++;
    } else if (price && exchange.inputTokens !== undefined && exchange.outputTokens !== undefined) {
      record.cost_usd = costUsd(price, { inputTokens: exchange.inputTokens, outputTokens: exchange.outputTokens });
      costs.priced++;
    } else costs.unknown++;
    replayLines.push(JSON.stringify(record));
  }
  const priceToSet = costs.unknown > 0 && (await priceOf(incumbent)) === undefined;
  writeFileSync(join(options.out, fileNames.items), `${itemLines.join('\n')}\n`);
  writeFileSync(join(options.out, fileNames.replay), `${replayLines.join('\n')}\n`);
  writeFileSync(join(options.out, fileNames.suite), suiteText(options, incumbent, priceToSet, labelled));
  return { files: paths, incumbent, costs, priceToSet, labelled };
}

export class ExistingFilesError extends UsageError {
  constructor(readonly files: string[]) {
    super(`${files.join(', ')} already exist${files.length === 1 ? 's' : ''}: choose another --out, or add --force to overwrite`);
  }
}

function mostCommonModel(items: readonly TrafficItem[]): string | undefined {
  const counts = new Map<string, number>();
  for (const { exchange } of items) if (exchange.model) counts.set(exchange.model, (counts.get(exchange.model) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** The suite skeleton: YAML written by hand around values the yaml library quotes, so its comments can guide the edit. */
function suiteText(options: WriteOptions, incumbent: string, priceToSet: boolean, labelled: number): string {
  const value = (text: string) => stringify(text).trimEnd();
  const price = priceToSet ? `\n    price: { input_mtok: 0, output_mtok: 0 }   # TODO: the log has no cost for some answers and ${value(incumbent)} no bundled price: set it` : '';
  return `# Written by route-bench import: your production traffic, the incumbent's answers as the reference.
# Replace the two mocks (cheap, judge) with real models, then: route-bench estimate, route-bench run.
name: ${value(options.name)}
version: 1
description: Imported traffic, graded pairwise against the incumbent's answers.
dataset: ${fileNames.items}
# Every check grades against what the incumbent answered to the same conversation.
reference: { model: incumbent }
checks:
  - { type: pairwise, model: judge }     # both orders; win, tie or loss; passes unless worse
models:
  incumbent:
    provider: replay                     # the answers in the log: no call, nothing paid again
    model: ${value(incumbent)}
    file: ${fileNames.replay}${price}
  cheap:
    # A stand-in so the suite runs as written. For a real model, for example:
    #   provider: openai
    #   model: gpt-4o-mini
    #   api_key_env: OPENAI_API_KEY
    #   base_url: https://api.openai.com/v1   # or any OpenAI-compatible server
    provider: mock
    model: gpt-4o-mini
    quality: 0.85                        # gives the incumbent's answer this often, else a worse one
  judge:
    # A scripted stand-in that answers at random: it shows the mechanics, not a verdict. A real judge:
    #   provider: anthropic
    #   model: claude-sonnet-4-5
    #   api_key_env: ANTHROPIC_API_KEY
    provider: mock
    model: gpt-4o
    replies:
      - '{"better": "A", "reason": "stand-in judge"}'
      - '{"better": "B", "reason": "stand-in judge"}'
      - '{"better": "tie", "reason": "stand-in judge"}'
configurations:
  all-incumbent: { model: incumbent }
  all-cheap: { model: cheap }
  routed:                                # long conversations and long prompts to the incumbent, the rest to the cheap model
    router: rules
    rules:
      - when: { turns: { min: 3 } }
        use: incumbent
      - when: { prompt_tokens: { min: 2000 } }
        use: incumbent
    default: cheap
baseline: all-incumbent
frontier: incumbent
margin_pp: ${options.marginPp}
${labelled > 0 ? `# ${labelled} items carry a label (\`expected\`): the report says how often the judge agrees with them.\n` : ''}`;
}
