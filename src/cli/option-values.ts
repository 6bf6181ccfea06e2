import { InvalidArgumentError } from 'commander';
import type { ExportFormat, ExportWhat } from '../export/export-run.js';
import type { OutcomeFilter } from '../report/item-selection.js';
import type { Shard } from '../types/index.js';

/**
 * How commander reads an option's value: the lists an option chooses from
 * and the parsers of numbers, lists and shards. commander refuses a bad value
 * with its own one-line message; each command's schema then types what these
 * return. Nothing heavy is imported here: main.ts loads it for `--help` too.
 */

/** What a report renders as; commands that print something else offer only table and json. */
export const reportFormats = ['table', 'json', 'markdown', 'html'] as const;
export const tableOrJson = ['table', 'json'] as const satisfies readonly (typeof reportFormats)[number][];
export const progressModes = ['auto', 'bar', 'lines', 'none'] as const;
export const exportTables = ['results', 'calls', 'summary', 'sweep'] as const satisfies readonly ExportWhat[];
export const exportFormats = ['csv', 'jsonl'] as const satisfies readonly ExportFormat[];
export const itemOutcomes = ['lost', 'won', 'fail', 'error'] as const satisfies readonly OutcomeFilter[];
export const itemFormats = ['table', 'jsonl'] as const;

export function list(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return number;
}

export function shardOption(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new InvalidArgumentError('takes i/n with 1 <= i <= n, e.g. 2/4');
  return { index, count };
}

export function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a number above 0');
  return number;
}

export function nonNegativeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new InvalidArgumentError('must be a number of at least 0');
  return number;
}

export function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new InvalidArgumentError('must be a whole number of at least 0');
  return number;
}

/** A share from 0 to 1, as `0.5`. */
export function share(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 1) throw new InvalidArgumentError('takes a share from 0 to 1, e.g. 0.5');
  return number;
}

/** Powers as `0.8,0.9`: each strictly between 0 and 1. */
export function powerList(value: string): number[] {
  const powers = list(value).map(Number);
  if (powers.length === 0 || powers.some((power) => !(power > 0 && power < 1))) throw new InvalidArgumentError('takes powers between 0 and 1, e.g. 0.8,0.9');
  return powers;
}
