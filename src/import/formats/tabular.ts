import { isRecord, isScalar, malformed } from './trace-records.js';
import type { Message } from '../../types/index.js';
import { contentText, conversationSkip, flattenMessages } from '../flatten-messages.js';
import { scrubValue } from '../scrub.js';
import { readCsvRows } from '../csv-records.js';
import { ImportError, skip, type ImportedExchange, type ImportFormat, type ImportOptions, type ImportTally } from '../types.js';

/**
 * Logs that are tables: a CSV export of a spreadsheet or a warehouse query,
 * and JSONL whose fields the user names (`--prompt-column data.prompt`).
 * A prompt cell is one user turn, after a system turn when a system column
 * is given; a cell holding a list of chat messages is a whole conversation.
 * Every other column is metadata, to tag or sample by.
 */

type Columns = NonNullable<ImportOptions['columns']>;
type Role = keyof Columns;

/** The column names tried, in order, when the user names none: what exports call them. */
const defaultColumns: Record<Role, string[]> = {
  prompt: ['prompt', 'input', 'question'],
  answer: ['answer', 'output', 'response', 'completion'],
  model: ['model'],
  label: ['label', 'expected', 'reference'],
  system: ['system', 'system_prompt'],
};

const flags: Record<Role, string> = {
  prompt: '--prompt-column', answer: '--answer-column', model: '--model-column', label: '--label-column', system: '--system-column',
};

/**
 * Every non-empty line of a JSONL text as an object, scrubbed of credentials
 * before anything reads it. Each counts as read; one that is not a JSON
 * object is malformed.
 */
export function* jsonLines(text: string, options: ImportOptions, tally: ImportTally): Generator<{ line: number; record: Record<string, unknown> }> {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (const [index, raw] of lines.entries()) {
    if (raw.trim() === '') continue;
    tally.read++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      malformed('not a JSON line', index + 1, options, tally);
      continue;
    }
    if (!isRecord(parsed)) {
      malformed('not a JSON object', index + 1, options, tally);
      continue;
    }
    yield { line: index + 1, record: scrubValue(parsed, tally) as Record<string, unknown> };
  }
}

export const csvFormat: ImportFormat = {
  name: 'csv',
  summary: 'CSV with a header row: prompt and answer columns (--prompt-column, --answer-column), the others metadata',
  detect(head, fileName) {
    if (/\.csv$/i.test(fileName)) return true;
    const header = head.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
    if (!header.includes(',') || header.trimStart().startsWith('{')) return false;
    const names = header.split(',').map((cell) => cell.trim().replace(/^"|"$/g, '').toLowerCase());
    return names.some((name) => defaultColumns.prompt.includes(name));
  },
  read(text, options, tally) {
    const { header, rows } = readCsvRows(text, options, tally);
    const columns = resolveColumns(header, options.columns ?? {});
    const exchanges: ImportedExchange[] = [];
    for (const { line, cells: record } of rows) {
      const cells = scrubValue(record, tally) as Record<string, string>;
      // Never null here (a prompt that is neither text nor messages): every cell is text.
      const exchange = tableExchange(line, cells, columns, tally);
      if (exchange === undefined || exchange === null) continue;
      for (const [name, value] of Object.entries(cells)) {
        if (!columns.used.has(name) && value !== '') exchange.metadata[name] = value;
      }
      exchanges.push(exchange);
    }
    return exchanges;
  },
};

export const jsonlFormat: ImportFormat = {
  name: 'jsonl',
  summary: 'any JSONL, with the prompt and answer named as dotted paths (--prompt-column data.prompt --answer-column outputs.text)',
  /** Never guessed from the text: any JSONL would match. `import` picks it when column flags are given. */
  detect() {
    return false;
  },
  read(text, options, tally) {
    const given = options.columns ?? {};
    const exchanges: ImportedExchange[] = [];
    for (const { line, record } of jsonLines(text, options, tally)) {
      const columns = resolveColumns(Object.keys(record), given, (path) => valueAt(record, path) !== undefined, false);
      if (columns.prompt === undefined || columns.answer === undefined) {
        const role = columns.prompt === undefined ? 'prompt' : 'answer';
        malformed(missingColumn(role, given, Object.keys(record)), line, options, tally);
        continue;
      }
      const cells: Record<string, unknown> = {};
      for (const role of Object.keys(flags) as Role[]) {
        const path = columns[role];
        if (path !== undefined) cells[path] = valueAt(record, path);
      }
      const exchange = tableExchange(line, cells, columns, tally);
      if (exchange === null) {
        malformed(`"${columns.prompt}" is not text or a list of chat messages`, line, options, tally);
        continue;
      }
      if (exchange === undefined) continue;
      const topKeys = new Set([...columns.used].map((path) => path.split('.')[0]));
      const metadataObject = isRecord(record.metadata) ? record.metadata : {};
      for (const [name, value] of [...Object.entries(metadataObject), ...Object.entries(record)]) {
        if (!topKeys.has(name) && isScalar(value)) exchange.metadata[name] = value;
      }
      exchanges.push(exchange);
    }
    return exchanges;
  },
};

/** Where each part of an exchange is, by column name or dotted path; `used` are not metadata. */
interface ResolvedColumns extends Partial<Record<Role, string>> {
  used: Set<string>;
}

/**
 * The user's columns where given, else the first default present. A CSV's
 * header is checked once, so a missing prompt or answer column is an error
 * for the whole file, naming the columns there are.
 */
function resolveColumns(present: string[], given: Columns, has = (name: string) => present.includes(name), strict = true): ResolvedColumns {
  const resolved: ResolvedColumns = { used: new Set() };
  for (const role of Object.keys(flags) as Role[]) {
    const wanted = given[role];
    const found = wanted !== undefined
      ? (has(wanted) ? wanted : present.find((name) => name.toLowerCase() === wanted.toLowerCase()))
      : present.find((name) => defaultColumns[role].includes(name.trim().toLowerCase()));
    if (found === undefined && wanted !== undefined && strict) throw new ImportError(`no column "${wanted}" (${flags[role]}); the columns are: ${present.join(', ')}`);
    if (found === undefined && (role === 'prompt' || role === 'answer') && strict) throw new ImportError(missingColumn(role, given, present));
    if (found === undefined) continue;
    resolved[role] = found;
    resolved.used.add(found);
  }
  return resolved;
}

function missingColumn(role: 'prompt' | 'answer', given: Columns, present: string[]): string {
  const looked = given[role] !== undefined ? `"${given[role]}"` : defaultColumns[role].join(', ');
  return `no ${role} column (looked for ${looked}); the columns are: ${present.join(', ') || '(none)'}; name them with --prompt-column and --answer-column`;
}

/**
 * One exchange from a row's cells; undefined when it is skipped (counted),
 * null when the prompt is neither text nor a list of chat messages.
 */
function tableExchange(line: number, cells: Record<string, unknown>, columns: ResolvedColumns, tally: ImportTally): ImportedExchange | undefined | null {
  const prompt = cells[columns.prompt!];
  const system = columns.system === undefined ? undefined : cells[columns.system];
  let messages: Message[];
  let toolTurns = 0;
  if (typeof prompt === 'string') {
    messages = [{ role: 'user', content: prompt }];
  } else {
    const flattened = flattenMessages(prompt, tally);
    if (flattened === null) return null;
    ({ messages, toolTurns } = flattened);
  }
  if (typeof system === 'string' && system.trim() !== '' && messages[0]?.role !== 'system') messages.unshift({ role: 'system', content: system });
  const unusable = conversationSkip(messages);
  if (unusable !== undefined) {
    skip(tally, unusable);
    return undefined;
  }
  const rawAnswer = cells[columns.answer!];
  const answer = typeof rawAnswer === 'string' ? rawAnswer : contentText(rawAnswer).text;
  if (answer.trim() === '') {
    skip(tally, 'empty answer');
    return undefined;
  }
  const model = columns.model === undefined ? undefined : cells[columns.model];
  const label = columns.label === undefined ? undefined : cells[columns.label];
  const exchange: ImportedExchange = { line, messages, answer, metadata: {}, toolTurns };
  if (typeof model === 'string' && model !== '') exchange.model = model;
  if ((typeof label === 'string' && label !== '') || typeof label === 'number') exchange.label = String(label);
  return exchange;
}

/** The value at a dotted path (`data.prompt`, `choices.0.text`), undefined when any step is missing. */
function valueAt(record: unknown, path: string): unknown {
  let value = record;
  for (const step of path.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(step)) value = value[Number(step)];
    else if (isRecord(value)) value = value[step];
    else return undefined;
  }
  return value;
}
