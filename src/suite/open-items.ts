import { statSync } from 'node:fs';
import { ConfigError, type Problem } from '../errors.js';
import { isPlainObject } from '../yaml/validator.js';
import { readDataset, type DatasetRow } from './read-dataset.js';
import type { SuiteDocument } from './parse-suite-document.js';
import { suiteRelative, type SuiteFile } from './read-suite-file.js';
import { streamJsonLines } from './stream-jsonl.js';

/** Past this size a JSONL dataset is streamed, twice (validate, then run), instead of held in memory. */
export const defaultStreamAboveBytes = 16 * 1024 * 1024;

/** Where the suite's rows come from: inline `items:`, a dataset read whole, or a JSONL file streamed. */
export interface ItemsSource {
  /** A fresh pass over the rows on each call. */
  rows(): Iterable<DatasetRow>;
  streamed: boolean;
  problems: Problem[];
  /** The dataset's bytes, for the content hash (read as the rows go, when streamed). */
  bytes: Buffer | undefined;
  file?: string;
  /** The dataset's path as problems name it. */
  shown?: string;
}

/** The suite's item rows, from `items:` or the `dataset:` file; a JSONL file over `streamAboveBytes` is not read until its rows are. */
export function openItems({ root, source, validator }: SuiteDocument, suiteFile: SuiteFile, streamAboveBytes: number): ItemsSource {
  const empty: ItemsSource = { rows: () => [], streamed: false, problems: [], bytes: Buffer.alloc(0) };
  if (root.dataset !== undefined && root.items !== undefined) {
    validator.report(['items'], 'give either `dataset:` (a file) or `items:` (inline), not both');
    return empty;
  }
  if (root.items !== undefined) {
    if (!Array.isArray(root.items)) {
      validator.report(['items'], 'must be a list of items');
      return empty;
    }
    if (root.items.length === 0) validator.report(['items'], 'is empty: the suite needs at least one item');
    const rows: DatasetRow[] = [];
    root.items.forEach((value, index) => {
      if (isPlainObject(value)) rows.push({ fields: value, locate: (path) => source.locate(['items', index, ...path]) });
      else validator.report(['items', index], 'each item must be a mapping');
    });
    return { ...empty, rows: () => rows };
  }
  const datasetPath = validator.string(root, 'dataset', []);
  // `dataset:` with nothing after it is as missing as no key at all.
  if (root.dataset === null) validator.report(['dataset'], 'is empty: name a .jsonl, .csv, .json or .yaml file, or give inline `items:`');
  if (root.dataset === undefined) validator.report([], 'missing `dataset:` (a .jsonl, .csv, .json or .yaml file) or inline `items:`');
  if (datasetPath === undefined) return empty;
  const { file, shown } = suiteRelative(suiteFile, datasetPath);
  if (/\.(jsonl|ndjson)$/i.test(file) && sizeOf(file) > streamAboveBytes) {
    const problems: Problem[] = [];
    return { rows: () => streamJsonLines(file, shown, (problem) => problems.push(problem)), streamed: true, problems, bytes: undefined, file, shown };
  }
  try {
    const read = readDataset(file, shown);
    return { rows: () => read.rows, streamed: false, problems: read.problems, bytes: read.bytes, file };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ...empty, problems: error.problems };
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
