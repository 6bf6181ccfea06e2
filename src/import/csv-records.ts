import { createRequire } from 'node:module';
import { ImportError, type ImportOptions, type ImportTally } from './types.js';

/**
 * The rows of a CSV with a header row, each with the line it starts on: what
 * every importer of a table reads (a log exported from a spreadsheet, a
 * public router dataset). Each row counts as read; a malformed one is
 * counted in `bad` with `--skip-bad`, else the first one stops the import
 * with its line.
 */
export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

const require = createRequire(import.meta.url);

/** csv-parse, loaded only when a CSV is read (the CLI's start stays quick). */
function csvParse(): typeof import('csv-parse/sync').parse {
  return (require('csv-parse/sync') as typeof import('csv-parse/sync')).parse;
}

export function readCsvRows(text: string, options: Pick<ImportOptions, 'skipBad'>, tally: ImportTally): { header: string[]; rows: CsvRow[] } {
  type Parsed = { record: Record<string, string>; info: { lines: number }; raw: string };
  let parsed: Parsed[];
  try {
    // csv-parse counts a CRLF inside a quoted cell as two lines: with one line ending its line numbers hold (and cells read the same).
    parsed = csvParse()(text.replace(/\r\n/g, '\n'), {
      columns: true, info: true, raw: true, bom: true, skip_empty_lines: true, relax_column_count: false,
      skip_records_with_error: options.skipBad,
      on_skip: (error) => {
        tally.read++;
        tally.bad.push({ line: typeof error?.lines === 'number' ? error.lines : 0, message: csvMessage(error) });
      },
    }) as unknown as Parsed[];
  } catch (error) {
    const csvError = error as Error & { lines?: number };
    throw new ImportError(csvMessage(csvError), csvError.lines);
  }
  tally.read += parsed.length;
  const header = parsed.length > 0 ? Object.keys(parsed[0]!.record) : csvHeader(text);
  return { header, rows: parsed.map(({ record, info, raw }) => ({ line: startLine(info.lines, raw), cells: record })) };
}

/** csv-parse gives the line a record ends on; a quoted cell may span lines before it (leading empty lines are not the record's). */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^\n+/, '').replace(/\n$/, '');
  return endLine - (body.split('\n').length - 1);
}

/** The header of a CSV with no records: its names, for the "no such column" messages. */
function csvHeader(text: string): string[] {
  const rows = csvParse()(text.replace(/\r\n/g, '\n'), { bom: true, to_line: 1, relax_column_count: true }) as string[][];
  return rows[0] ?? [];
}

/** csv-parse's message without its own "on line N" (the ImportError says the line), with what to do. */
function csvMessage(error: (Error & { code?: string }) | undefined): string {
  if (error === undefined) return 'invalid CSV';
  const message = error.message.replace(/ (?:on|at) line \d+/, '');
  if (error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') return `invalid CSV: ${message}; every row needs as many values as the header has columns (quote a value that holds a comma)`;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return `invalid CSV: ${message}; close the quoted value with ", and write a " inside one as ""`;
  return `invalid CSV: ${message}`;
}
