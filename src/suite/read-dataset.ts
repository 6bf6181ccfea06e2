import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { createRequire } from 'node:module';
import { ConfigError, type Problem, type SourceLocation } from '../errors.js';
import { isPlainObject, type PlainObject } from '../yaml/validator.js';
import { YamlSource, type DocumentPath } from '../yaml/yaml-source.js';

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

const require = createRequire(import.meta.url);

/** csv-parse, required only when a dataset is CSV. */
function parseCsv(text: string, options: Record<string, unknown>): Array<{ record: Record<string, string>; info: { lines: number } }> {
  return (require('csv-parse/sync') as typeof import('csv-parse/sync')).parse(text, options) as unknown as Array<{ record: Record<string, string>; info: { lines: number } }>;
}

export const datasetExtensions = ['.jsonl', '.ndjson', '.csv', '.json', '.yaml', '.yml'] as const;

/** A line (a CSV record) longer than this is refused: it is a broken file, not an item. */
export const maxLineBytes = 10 * 1024 * 1024;

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

/**
 * The text of a file that must be UTF-8. A leading byte-order mark is dropped
 * (editors on Windows write one); invalid bytes are a problem on their line.
 */
export function decodeUtf8(bytes: Buffer, file: string, options: { column?: boolean } = {}): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    const offset = firstInvalidUtf8Offset(bytes);
    const line = bytes.subarray(0, offset).toString('latin1').split('\n').length;
    const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1;
    // Dataset problems name lines; a suite's name line and column, like its other problems.
    const column = options.column ? bytes.subarray(lineStart, offset).toString('utf8').length + 1 : undefined;
    throw new ConfigError([
      { location: { file, line, column }, message: `is not valid UTF-8 (byte ${offset} of the file, 0x${bytes[offset]!.toString(16)}); save the file as UTF-8` },
    ]);
  }
}

/** The offset of the first byte of the first sequence that is not UTF-8. */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  // Decodable in stream mode (a sequence cut short at the end waits for more) holds for every prefix up to the mistake.
  const decodable = (length: number) => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length + 1;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (decodable(middle)) low = middle;
    else high = middle;
  }
  // A sequence its lead byte started but `low` broke off is where the mistake is.
  let lead = low - 1;
  while (lead >= 0 && low - lead < 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  const length = lead < 0 ? 0 : bytes[lead]! >= 0xf0 ? 4 : bytes[lead]! >= 0xe0 ? 3 : bytes[lead]! >= 0xc0 ? 2 : 1;
  return lead >= 0 && low - lead < length ? lead : Math.min(low, bytes.length - 1);
}

function readJsonLines(text: string, file: string): Omit<DatasetRead, 'bytes'> {
  const rows: DatasetRow[] = [];
  const problems: Problem[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const parsed = parseJsonLine(lines[index]!, index + 1, file);
    if (parsed === undefined) continue;
    if ('message' in parsed) problems.push(parsed);
    else rows.push(parsed);
  }
  return { rows, problems };
}

/** One line of a JSONL file: a row, a problem on its line, or undefined for a blank line. */
export function parseJsonLine(written: string, lineNumber: number, file: string): DatasetRow | Problem | undefined {
  const line = written.trim();
  if (line === '') return undefined;
  if (line.length > maxLineBytes / 3 && Buffer.byteLength(line) > maxLineBytes) {
    return { location: { file, line: lineNumber }, message: `line ${lineNumber} is longer than 10 MB (${megabytes(Buffer.byteLength(line))}); an item this large is a broken file, not a prompt` };
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    const indent = written.length - written.trimStart().length;
    const message = (error as Error).message.replace(/ in JSON at position (\d+).*$/, (_, position: string) => ` at column ${Number(position) + indent + 1}`);
    return { location: { file, line: lineNumber }, message: `invalid JSON: ${message}; each line must be one JSON object` };
  }
  if (!isPlainObject(value)) return { location: { file, line: lineNumber }, message: 'each line must be a JSON object' };
  return { fields: value, locate: () => ({ file, line: lineNumber }) };
}

function readCsv(text: string, file: string): Omit<DatasetRead, 'bytes'> {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parseCsv(text, { columns: true, info: true, skip_empty_lines: true, trim: false, bom: true, max_record_size: maxLineBytes });
  } catch (error) {
    return { rows: [], problems: [csvProblem(error as CsvError, text, file)] };
  }
  const rows = records.map(({ record, info }) => ({
    fields: parseCsvFields(record),
    locate: () => ({ file, line: info.lines }),
  }));
  return { rows, problems: [] };
}

type CsvError = Error & { code?: string; lines?: number };

/** csv-parse's message, on the line to look at, with what to do about it. */
function csvProblem(error: CsvError, text: string, file: string): Problem {
  const { code, lines } = error;
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    // csv-parse reports the end of the file; the line to fix is where the quote opened.
    const start = lineOfUnclosedQuote(text) ?? lines;
    return { location: { file, line: start }, message: `invalid CSV: a quoted value that starts on line ${start} is never closed; close it with ", and write a " inside a quoted value as ""` };
  }
  if (code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
    return { location: { file, line: lines }, message: `invalid CSV: ${error.message}; every row needs as many values as the header has columns (quote a value that holds a comma)` };
  }
  if (code === 'CSV_MAX_RECORD_SIZE') return { location: { file, line: lines }, message: `line ${lines} is longer than 10 MB; an item this large is a broken file, not a prompt` };
  return { location: { file, line: lines }, message: `invalid CSV: ${error.message}` };
}

/** Where the last `"` that is never closed was opened (`""` inside a quoted value opens and closes). */
function lineOfUnclosedQuote(text: string): number | undefined {
  let line = 1;
  let openedOn: number | undefined;
  for (const character of text) {
    if (character === '\n') line++;
    else if (character === '"') openedOn = openedOn === undefined ? line : undefined;
  }
  return openedOn;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
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
