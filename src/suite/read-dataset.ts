import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { ConfigError, type Problem, type SourceLocation } from '../errors.js';
import { isPlainObject, type PlainObject } from './validator.js';
import { YamlSource, type DocumentPath } from './yaml-source.js';

/** One raw row of a dataset and a way to say where it, or a key in it, was written. */
export interface DatasetRow {
  fields: PlainObject;
  locate(path: DocumentPath): SourceLocation;
}

export interface DatasetRead {
  rows: DatasetRow[];
  problems: Problem[];
  bytes: Buffer;
}

export const datasetExtensions = ['.jsonl', '.ndjson', '.csv', '.json', '.yaml', '.yml'] as const;

/** Reads a dataset file into raw rows; every unreadable row is a problem with its line. */
export function readDataset(file: string, displayName = file): DatasetRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : String(code);
    throw new ConfigError([{ location: { file: displayName }, message: `cannot read the dataset: ${reason}` }]);
  }
  const text = decodeUtf8(bytes, displayName);
  const extension = extname(file).toLowerCase();
  const read = (() => {
    switch (extension) {
      case '.jsonl':
      case '.ndjson':
        return readJsonLines(text, displayName);
      case '.csv':
        return readCsv(text, displayName);
      case '.json':
      case '.yaml':
      case '.yml':
        return readList(text, displayName);
      default:
        throw new ConfigError([
          {
            location: { file: displayName },
            message: `unsupported dataset format "${extension || '(no extension)'}"; use one of ${datasetExtensions.join(', ')}`,
          },
        ]);
    }
  })();
  if (read.rows.length === 0 && read.problems.length === 0) {
    read.problems.push({ location: { file: displayName }, message: 'the dataset has no items' });
  }
  return { ...read, bytes };
}

function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
    throw new ConfigError([
      { location: { file, line }, message: `is not valid UTF-8 (byte ${offset}); save the file as UTF-8` },
    ]);
  }
}

function firstInvalidUtf8Offset(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let low = 0;
  let high = bytes.length;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    try {
      decoder.decode(bytes.subarray(0, middle), { stream: true });
      low = middle;
    } catch {
      high = middle;
    }
  }
  return low;
}

function readJsonLines(text: string, file: string): Omit<DatasetRead, 'bytes'> {
  const rows: DatasetRow[] = [];
  const problems: Problem[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const lineNumber = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push({ location: { file, line: lineNumber }, message: `invalid JSON: ${(error as Error).message}` });
      continue;
    }
    if (!isPlainObject(value)) {
      problems.push({ location: { file, line: lineNumber }, message: 'each line must be a JSON object' });
      continue;
    }
    rows.push({ fields: value, locate: () => ({ file, line: lineNumber }) });
  }
  return { rows, problems };
}

function readCsv(text: string, file: string): Omit<DatasetRead, 'bytes'> {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parseCsv(text, { columns: true, info: true, skip_empty_lines: true, trim: false, bom: true });
  } catch (error) {
    const { message, lines } = error as Error & { lines?: number };
    return { rows: [], problems: [{ location: { file, line: lines }, message: `invalid CSV: ${message}` }] };
  }
  const rows = records.map(({ record, info }) => ({
    fields: parseCsvFields(record),
    locate: () => ({ file, line: info.lines }),
  }));
  return { rows, problems: [] };
}

/** CSV cells are text; `tags` may list several, separated by `;` or `|`. */
function parseCsvFields(record: Record<string, string>): PlainObject {
  const fields: PlainObject = { ...record };
  if (typeof record.tags === 'string') {
    fields.tags = record.tags
      .split(/[;|]/)
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '');
  }
  return fields;
}

function readList(text: string, file: string): Omit<DatasetRead, 'bytes'> {
  const source = new YamlSource(file, text);
  if (source.syntaxProblems.length > 0) return { rows: [], problems: source.syntaxProblems };
  const list = isPlainObject(source.value) && Array.isArray(source.value.items) ? source.value.items : source.value;
  const prefix: DocumentPath = list === source.value ? [] : ['items'];
  if (!Array.isArray(list)) {
    return { rows: [], problems: [{ location: { file }, message: 'must be a list of items (or a mapping with an `items` list)' }] };
  }
  const rows: DatasetRow[] = [];
  const problems: Problem[] = [];
  list.forEach((value, index) => {
    const path = [...prefix, index];
    if (!isPlainObject(value)) {
      problems.push({ location: source.locate(path), message: 'each item must be a mapping' });
      return;
    }
    rows.push({ fields: value, locate: (subPath) => source.locate([...path, ...subPath]) });
  });
  return { rows, problems };
}
