import { basename, extname } from 'node:path';
import { UsageError } from '../errors.js';
import { detectFormat, formatNamed, importFormats } from './formats/index.js';
import { prepareItems } from './prepare-items.js';
import { readInputFile } from './read-input-file.js';
import { ImportError, newTally, type ImportedExchange, type ImportFormat, type ImportOptions, type ImportTally } from './types.js';
import { writeTrafficSuite, type Written } from './write-traffic-suite.js';

export interface ImportRequest {
  file: string;
  /** A format name; detected from the content when absent. */
  from?: string;
  out: string;
  sample?: number;
  by?: string;
  seed: number;
  tagBy: string[];
  marginPp: number;
  force: boolean;
  options: ImportOptions;
}

export interface ImportSummary {
  format: ImportFormat;
  detected: boolean;
  tally: ImportTally;
  exchanges: number;
  duplicates: number;
  distinct: number;
  items: number;
  /** Items by the model that answered them, most first. */
  models: Array<[string, number]>;
  /** Of the items: conversations of more than one user turn, and those with tool calls flattened to text. */
  multiTurn: number;
  withTools: number;
  written: Written;
}

/** Reads a log, turns it into chat items, and writes the suite that compares a cheap model with the incumbent on them. */
export async function runImport(request: ImportRequest): Promise<ImportSummary> {
  const text = readInputFile(request.file);
  const explicit = request.from !== undefined;
  const columnsGiven = request.options.columns !== undefined && Object.values(request.options.columns).some((value) => value !== undefined);
  const format = explicit ? formatNamed(request.from!)
    : columnsGiven && /\.(jsonl|ndjson)$/i.test(request.file) ? formatNamed('jsonl') : detectFormat(text.slice(0, 64 * 1024), basename(request.file));
  if (!format) {
    throw new UsageError(explicit
      ? `--from: unknown format "${request.from}"; known: ${importFormats.map((each) => each.name).join(', ')}`
      : `${request.file}: not a log format route-bench reads (tried ${importFormats.filter((each) => each.name !== 'jsonl').map((each) => each.name).join(', ')}); name one with --from, or give --prompt-column and --answer-column for other JSONL`);
  }
  const tally = newTally();
  let exchanges: ImportedExchange[];
  try {
    exchanges = format.read(text, request.options, tally);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    const hint = error.line !== undefined && !request.options.skipBad ? ' (--skip-bad leaves malformed records out, counted)' : '';
    throw new UsageError(`${request.file}: ${error.message}${hint}`);
  }
  if (request.by !== undefined && request.sample === undefined) throw new UsageError('--by needs --sample N: it says how the sample is spread');
  const by = request.by;
  if (by !== undefined && by !== 'model' && by !== 'turns' && !exchanges.some((exchange) => exchange.metadata[by] !== undefined)) {
    const keys = [...new Set(exchanges.flatMap((exchange) => Object.keys(exchange.metadata)))].sort();
    throw new UsageError(`--by ${by}: no record has it; spread by model, turns${keys.length > 0 ? ` or a metadata key: ${keys.join(', ')}` : ''}`);
  }
  const prepared = prepareItems(exchanges, { sample: request.sample, by: request.by, seed: request.seed, tagBy: request.tagBy });
  if (prepared.items.length === 0) throw new UsageError(`${request.file}: no exchange to import (${describeTally(tally)})`);
  const written = await writeTrafficSuite(prepared.items, { out: request.out, name: suiteName(request.out), marginPp: request.marginPp, force: request.force });
  const multiTurn = prepared.items.filter((item) => !item.tags.includes('turns:1')).length;
  const withTools = prepared.items.filter((item) => item.exchange.toolTurns > 0).length;
  const counts = new Map<string, number>();
  for (const item of prepared.items) counts.set(item.exchange.model ?? '(no model)', (counts.get(item.exchange.model ?? '(no model)') ?? 0) + 1);
  const models = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { format, detected: !explicit, tally, exchanges: exchanges.length, duplicates: prepared.duplicates, distinct: prepared.distinct,
    items: prepared.items.length, models, multiTurn, withTools, written };
}

export function suiteName(out: string): string {
  const name = basename(out.replace(/[\\/]+$/, '')) || 'traffic';
  return extname(name) === '' ? name : name.slice(0, -extname(name).length);
}

/** `31 read, 3 skipped (2 answer is a tool call, 1 no answer in the response)`. */
export function describeTally(tally: ImportTally): string {
  const skipped = [...tally.skipped.values()].reduce((total, count) => total + count, 0);
  const reasons = [...tally.skipped].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${count} ${reason}`);
  const parts = [`${tally.read} records read`, `${skipped} skipped${reasons.length > 0 ? ` (${reasons.join(', ')})` : ''}`];
  if (tally.bad.length > 0) parts.push(`${tally.bad.length} malformed, left out (first at line ${tally.bad[0]!.line}: ${tally.bad[0]!.message})`);
  return parts.join(', ');
}
