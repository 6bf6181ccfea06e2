import { scrubValue } from '../scrub.js';
import { ImportError, type ImportedExchange, type ImportOptions, type ImportTally } from '../types.js';

/**
 * What the trace importers (OTel, Langfuse, LangSmith) share: their files are
 * a JSON document, a JSON array or JSONL, and their numbers and times come in
 * more than one spelling. Nothing here reads a record's content; the callers
 * scrub every record before they do.
 */

/**
 * One parsed record and where it was: its JSONL line, else its place in the
 * array (1-based); `document` when the whole text is this one record (an OTLP
 * export request), so its parts can be numbered instead.
 */
export interface RawRecord {
  line: number;
  value: unknown;
  kind: 'document' | 'element' | 'line';
}

/** A malformed record: counted with `--skip-bad`, else the import stops on it. */
export function malformed(message: string, line: number, options: ImportOptions, tally: ImportTally): void {
  if (!options.skipBad) throw new ImportError(message, line);
  tally.bad.push({ line, message });
}

/**
 * The records of a text, in order: a JSON array (each element), an object
 * whose `unwrap` key holds an array (an API page such as Langfuse's
 * `{data: [...]}`), another single JSON document, or JSONL (each non-blank
 * line; a line that is a page is unwrapped too). A generator, so a bad line
 * is reported in its place among the records. A text that is one broken
 * document cannot be read past: with `--skip-bad` it is one bad record.
 */
export function* readJsonRecords(text: string, options: ImportOptions, tally: ImportTally, unwrap?: string): Generator<RawRecord> {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') return;
  const whole = parseJson(body);
  if (whole.ok) {
    yield* recordsOf(whole.value, 1, unwrap, 'document');
    return;
  }
  const lines = body.split('\n');
  const firstIndex = lines.findIndex((line) => line.trim() !== '');
  // A document that starts with `[`, or whose first line is not JSON by itself, is one broken document, not JSONL.
  if (body.trimStart().startsWith('[') || !parseJson(lines[firstIndex]!).ok) {
    malformed(`not valid JSON (${whole.problem})`, whole.line, options, tally);
    return;
  }
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const parsed = parseJson(line);
    if (parsed.ok) yield* recordsOf(parsed.value, index + 1, unwrap, 'line');
    else malformed('not a JSON line', index + 1, options, tally);
  }
}

function recordsOf(value: unknown, line: number, unwrap: string | undefined, kind: 'document' | 'line'): RawRecord[] {
  const page = unwrap !== undefined && isRecord(value) && Array.isArray(value[unwrap]) ? (value[unwrap] as unknown[]) : undefined;
  const list = Array.isArray(value) ? value : page;
  if (list === undefined) return [{ line, value, kind }];
  return list.map((entry, index) => (kind === 'line' ? { line, value: entry, kind } : { line: index + 1, value: entry, kind: 'element' }));
}

type Parsed = { ok: true; value: unknown } | { ok: false; problem: string; line: number };

/**
 * JSON.parse, with its complaint cut to the syntax: V8 quotes the text
 * around the error, which may hold the very credential the import drops.
 */
function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message);
    const line = position === null ? 1 : text.slice(0, Number(position[1])).split('\n').length;
    const problem = message.replace(/,? ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '').replace(/ at position \d+.*$/s, '');
    return { ok: false, problem, line };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Scalars kept as metadata: strings, finite numbers and booleans. */
export function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** A number given as a number or a numeric string (OTLP's int64, LangSmith's decimal costs); undefined otherwise. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** The first of the values that is a count of tokens (a non-negative number). */
export function tokenCount(...values: unknown[]): number | undefined {
  for (const value of values) {
    const count = numberOf(value);
    if (count !== undefined && count >= 0) return count;
  }
  return undefined;
}

/**
 * Input and output counts where the log has them. Both zero is taken as
 * unknown: Langfuse and LangSmith write zeros for a call whose usage was
 * never reported, and no call reads and writes nothing.
 */
export function usagePair(inputTokens: number | undefined, outputTokens: number | undefined): { inputTokens?: number; outputTokens?: number } {
  if (inputTokens === 0 && outputTokens === 0) return {};
  return { ...(inputTokens === undefined ? {} : { inputTokens }), ...(outputTokens === undefined ? {} : { outputTokens }) };
}

/**
 * A cost in USD, or undefined. Zero is unknown too: both services write 0
 * for a model they have no price for, and an unpriced call must not look free.
 */
export function costOf(...values: unknown[]): number | undefined {
  for (const value of values) {
    const cost = numberOf(value);
    if (cost !== undefined && cost > 0) return cost;
  }
  return undefined;
}

/**
 * Milliseconds between two timestamps (ISO strings or epoch milliseconds).
 * A time with no zone is UTC, as LangSmith writes it; JavaScript would read
 * it as local time.
 */
export function millisBetween(start: unknown, end: unknown): number | undefined {
  const from = timeOf(start);
  const to = timeOf(end);
  if (from === undefined || to === undefined || to < from) return undefined;
  return to - from;
}

function timeOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  const zoned = /T\d\d:\d\d(?::\d\d(?:\.\d+)?)?$/.test(value) ? `${value}Z` : value;
  const time = Date.parse(zoned);
  return Number.isNaN(time) ? undefined : time;
}

/** Longer strings are content, not tags: they would make `--by` useless and the suite large. */
const longestMetadataText = 200;

/** The flat scalars of an object, as metadata (nested values and long texts left out). */
export function flatScalars(value: unknown, into: Record<string, string | number | boolean> = {}): Record<string, string | number | boolean> {
  if (!isRecord(value)) return into;
  for (const [key, entry] of Object.entries(value)) {
    if (isScalar(entry) && !(typeof entry === 'string' && (entry === '' || entry.length > longestMetadataText))) into[key] = entry;
  }
  return into;
}

/** The first value that is a non-empty string. */
export function firstText(...values: unknown[]): string | undefined {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value;
  return undefined;
}

/**
 * Every record of an export (Langfuse generations, LangSmith runs) read as
 * an object, scrubbed of credentials, and turned into an exchange by `read`;
 * each counts as read, one that is not an object is malformed.
 */
export function readRecordExchanges(text: string, options: ImportOptions, tally: ImportTally, unwrap: string,
  read: (record: Record<string, unknown>, line: number) => ImportedExchange | undefined): ImportedExchange[] {
  const exchanges: ImportedExchange[] = [];
  for (const { line, value } of readJsonRecords(text, options, tally, unwrap)) {
    tally.read++;
    if (!isRecord(value)) {
      malformed('not a JSON object', line, options, tally);
      continue;
    }
    const exchange = read(scrubValue(value, tally) as Record<string, unknown>, line);
    if (exchange !== undefined) exchanges.push(exchange);
  }
  return exchanges;
}
