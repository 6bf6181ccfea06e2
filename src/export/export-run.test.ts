import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { runSuite } from '../runner/run-suite.js';
import { sweepStored } from '../offline/__fixtures__/stored-runs.js';
import { loadSuite } from '../suite/load-suite.js';
import { exportRun } from './export-run.js';
import { spreadsheetSafe } from './spreadsheet-safe.js';

const expectedAnswers = ['=HYPERLINK("http://x","click")', '+1 555', '-7', '@SUM(A1)', 'plain, with "quotes"\nand a newline', 'ünïcödé ✓'];

describe('exportRun', () => {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-export-'));
  const databasePath = join(folder, 'e.db');

  beforeAll(async () => {
    const items = expectedAnswers.map((expected, index) => `  - { id: item-${index}, q: "q${index}", expected: ${JSON.stringify(expected)} }`);
    writeFileSync(join(folder, 'suite.yaml'), `name: export
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 1, price: { input_mtok: 3.3, output_mtok: 7.7 } }
  small: { provider: mock, quality: 0.5, price: { input_mtok: 0.1, output_mtok: 0.3 } }
items:
${items.join('\n')}
`);
    await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 2 });
  });

  it('writes one CSV row per result with the numbers of the database, read back by an independent parser', () => {
    const out = join(folder, 'results.csv');
    const rows = exportRun({ databasePath, what: 'results', format: 'csv', out });
    expect(rows).toBe(12);
    // Python's csv module: a parser that shares no code with the writer.
    const parsed = JSON.parse(
      execFileSync('python3', ['-c', 'import csv, json, sys; print(json.dumps(list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))))', out], { encoding: 'utf8' }),
    ) as Array<Record<string, string>>;
    expect(parsed).toHaveLength(12);
    const database = new Database(databasePath, { readonly: true });
    const stored = database.prepare('SELECT configuration, item_id, cost_usd, latency_ms, output FROM results').all() as Array<{ configuration: string; item_id: string; cost_usd: number; latency_ms: number; output: string }>;
    database.close();
    for (const row of stored) {
      const exported = parsed.find((candidate) => candidate.configuration === row.configuration && candidate.item_id === row.item_id)!;
      // Unrounded: the text parses back to exactly the stored double.
      expect(Number(exported.cost_usd)).toBe(row.cost_usd);
      expect(Number(exported.latency_ms)).toBe(row.latency_ms);
      expect(exported.output).toBe(spreadsheetSafe(row.output));
    }
    const big = parsed.filter((row) => row.configuration === 'all-big');
    expect(big.map((row) => row.output)).toEqual([`'${expectedAnswers[0]}`, `'${expectedAnswers[1]}`, `'${expectedAnswers[2]}`, `'${expectedAnswers[3]}`, expectedAnswers[4], expectedAnswers[5]]);
    expect(readFileSync(out, 'utf8').startsWith('run_id,configuration,item_id')).toBe(true);
  });

  it('exports calls and the summary as JSON lines and CSV', () => {
    const calls = join(folder, 'calls.jsonl');
    expect(exportRun({ databasePath, what: 'calls', format: 'jsonl', out: calls })).toBe(12);
    const first = JSON.parse(readFileSync(calls, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ status: 'ok', purpose: 'answer' });
    const summary = join(folder, 'summary.csv');
    expect(exportRun({ databasePath, what: 'summary', format: 'csv', out: summary })).toBe(2);
    const header = readFileSync(summary, 'utf8').split('\r\n')[0]!;
    expect(header).toContain('qualityDeltaCi95PpLow');
    expect(header).toContain('costReduction');
  });

  it('finds the latest sweep for --what sweep, though sweeps are stored as simulated runs', async () => {
    expect(() => exportRun({ databasePath, what: 'sweep', format: 'csv' })).toThrow(new UsageError('the database holds no sweep yet; make one with `route-bench sweep --router threshold|random`'));
    const sweep = await sweepStored({ databasePath, router: 'random', grid: '0:1:0.25' });
    const out = join(folder, 'sweep.jsonl');
    expect(exportRun({ databasePath, what: 'sweep', format: 'jsonl', out })).toBe(5);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { run_id: number; parameter: number });
    expect(rows.map((row) => row.parameter)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(new Set(rows.map((row) => row.run_id))).toEqual(new Set([sweep.runId]));
    // The other exports still take the latest run that answered, not the sweep.
    expect(exportRun({ databasePath, what: 'summary', format: 'csv', out: join(folder, 'after-sweep.csv') })).toBe(2);
    // A named run that holds no sweep says so instead of writing nothing.
    expect(() => exportRun({ databasePath, run: '1', what: 'sweep', format: 'csv' })).toThrow(new UsageError(`run 1 holds no sweep; sweeps are stored as runs of their own (latest: run ${sweep.runId})`));
  });
});

describe('exportRun, answers a model never gave', () => {
  it('has an `unanswered` column after `status`: why there is no answer, empty (null in JSON) when there is one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-export-unanswered-'));
    const databasePath = join(folder, 'unanswered.db');
    writeFileSync(join(folder, 'suite.yaml'), `name: unanswered
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 1, price: { input_mtok: 3, output_mtok: 7 } }
  broken: { provider: mock, quality: 1, faults: { server_error: 1 }, max_attempts: 1, price: { input_mtok: 1, output_mtok: 2 } }
items:
  - { id: a, q: "qa", expected: "x" }
  - { id: b, q: "qb", expected: "y" }
`);
    await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 2 });
    const database = new Database(databasePath, { readonly: true });
    const stored = database.prepare('SELECT configuration, item_id, status, unanswered FROM results ORDER BY configuration, item_id').all() as Array<{ configuration: string; item_id: string; status: string; unanswered: string | null }>;
    database.close();
    expect(stored.filter((row) => row.configuration === 'all-broken').map((row) => [row.status, row.unanswered])).toEqual([['fail', expect.any(String)], ['fail', expect.any(String)]]);
    expect(stored.filter((row) => row.configuration === 'all-big').map((row) => row.unanswered)).toEqual([null, null]);

    const csv = join(folder, 'results.csv');
    exportRun({ databasePath, what: 'results', format: 'csv', out: csv });
    const [header, ...rows] = parse(readFileSync(csv)) as string[][];
    expect(header!.indexOf('unanswered')).toBe(header!.indexOf('status') + 1);
    const cellOf = (cells: string[], name: string) => cells[header!.indexOf(name)];
    for (const row of stored) {
      const exported = rows.find((cells) => cellOf(cells, 'configuration') === row.configuration && cellOf(cells, 'item_id') === row.item_id)!;
      expect(cellOf(exported, 'unanswered')).toBe(row.unanswered ?? '');
    }
    const jsonl = join(folder, 'results.jsonl');
    exportRun({ databasePath, what: 'results', format: 'jsonl', out: jsonl });
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { configuration: string; item_id: string; unanswered: string | null });
    expect(lines.map((line) => [line.configuration, line.item_id, line.unanswered])).toEqual(stored.map((row) => [row.configuration, row.item_id, row.unanswered]));
  });
});

describe('exportRun, outputs over several lines', () => {
  const outputs = [
    'first line\nsecond line',
    'windows line\r\nnext line',
    'old mac line\rnext line',
    "looks harmless\n=cmd|' /C calc'!A0",
    "=cmd|' /C calc'!A0",
    'ends with a line feed\n',
    '\rstarts with a carriage return',
    'one line',
  ];

  it('quotes every field holding CR or LF, so each result reads back as one row and no line becomes a formula', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-export-lines-'));
    const databasePath = join(folder, 'lines.db');
    const records = outputs.flatMap((output, index) => [
      { id: `item-${index}`, model: 'recorded', output, input_tokens: 3, output_tokens: 5 },
      { id: `item-${index}`, model: 'other', output: `${output}\n+again`, input_tokens: 3, output_tokens: 6 },
    ]);
    writeFileSync(join(folder, 'outputs.jsonl'), records.map((record) => JSON.stringify(record)).join('\n'));
    writeFileSync(join(folder, 'suite.yaml'), `name: lines
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  recorded: { provider: replay, file: outputs.jsonl, price: { input_mtok: 1, output_mtok: 2 } }
  other: { provider: replay, file: outputs.jsonl, price: { input_mtok: 1, output_mtok: 2 } }
items:
${outputs.map((_, index) => `  - { id: item-${index}, q: "q${index}", expected: "x" }`).join('\n')}
`);
    await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 2 });
    const database = new Database(databasePath, { readonly: true });
    const stored = database.prepare('SELECT configuration, item_id, sample, output FROM results').all() as Array<{ configuration: string; item_id: string; sample: number; output: string }>;
    database.close();
    expect(stored).toHaveLength(outputs.length * 2);

    const out = join(folder, 'results.csv');
    expect(exportRun({ databasePath, what: 'results', format: 'csv', out })).toBe(stored.length);
    // A spreadsheet (and Python's csv) ends a row at any line break outside quotes; csv-parse would
    // otherwise take CRLF from the header as the only record delimiter and forgive a bare LF or CR.
    const [header, ...rows] = parse(readFileSync(out), { record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true }) as string[][];
    expect(rows).toHaveLength(stored.length);
    const column = (name: string) => header!.indexOf(name);
    for (const row of stored) {
      const exported = rows.find((cells) => cells[column('configuration')] === row.configuration && cells[column('item_id')] === row.item_id);
      expect(exported, `${row.configuration} ${row.item_id}`).toBeDefined();
      expect(exported![column('output')]).toBe(spreadsheetSafe(row.output));
    }
    const formulas = rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell) && !Number.isFinite(Number(cell)));
    expect(formulas).toEqual([]);
  });
});

describe('spreadsheetSafe', () => {
  it('neutralises formula-like text and leaves numbers and other text alone', () => {
    expect(spreadsheetSafe('=1+1')).toBe("'=1+1");
    expect(spreadsheetSafe('\t=1')).toBe("'\t=1");
    expect(spreadsheetSafe('-3')).toBe("'-3");
    expect(spreadsheetSafe(-3)).toBe(-3);
    expect(spreadsheetSafe('a=b')).toBe('a=b');
  });
});
