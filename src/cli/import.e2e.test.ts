import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/route-bench-process.js';
import { ItemRow, PairwiseRow, expectNoCredential, expectRefused, filesUnder, fixture, importFixtures, jsonLinesOf, newFolder, planted, scratch, verdicts } from './__fixtures__/import-e2e.js';

/**
 * `route-bench import` end to end, on the built CLI: every log format the
 * importers read, from the file to a suite that validates, runs and reports
 * a pairwise verdict, with none of the credentials planted in the fixtures
 * coming through; then the ways an import must refuse (exit 2, one line).
 */

/** What each fixture holds, as its generator plants it (make-fixtures.mjs, make-trace-fixtures*.mjs). */
interface FormatCase {
  file: string;
  extra?: string[];
  format: string;
  /** Records read, skipped with their reasons, credentials dropped. */
  read: number;
  skipped: Record<string, number>;
  credentials: number;
  /** Exchanges after the skips, repeated conversations merged, items written. */
  exchanges: number;
  merged: number;
  items: number;
  labelled: number;
}

const formatCases: FormatCase[] = [
  // 34 lines: 2 answers that are only a tool call (22-23), a provider error (24); 4 credentials (27-30).
  // Merged: 25-26 (the same prompt twice), and 27, 28, 34, which ask, without a system turn, what 12, 8 and 3 ask.
  { file: 'openai-chat.jsonl', format: 'openai-chat', read: 34, skipped: { 'answer is a tool call': 2, 'no answer in the response': 1 }, credentials: 4,
    exchanges: 31, merged: 4, items: 27, labelled: 0 },
  // 33 output lines for 32 requests: 2 failed (7 and 22), 1 whose custom_id is in no request; 1 credential (request 13).
  // Merged: requests 27, 29, 31 ask what 1, 3, 5 ask (the 26 questions cycle), all single-turn.
  { file: 'openai-batch-output.jsonl', extra: ['--batch-input', fixture('openai-batch-input.jsonl')], format: 'openai-chat', read: 33,
    skipped: { 'batch request failed': 2, 'no request in the batch input file': 1 }, credentials: 1, exchanges: 30, merged: 3, items: 27, labelled: 0 },
  // 32 lines: one ends in a tool call, one has no assistant turn; 1 credential (line 10).
  { file: 'openai-finetune.jsonl', format: 'openai-chat', read: 32, skipped: { 'answer is a tool call': 1, 'no assistant turn': 1 }, credentials: 1,
    exchanges: 30, merged: 0, items: 30, labelled: 0 },
  // 34 GenAI spans (the HTTP span is not one): 3 without captured content, 2 tool-call answers; 4 credentials (one in the HTTP span).
  // Merged: the contract follow-up is both a current-style span and an event-style one.
  { file: 'otel-genai.json', format: 'otel', read: 34, skipped: { 'no captured content (enable content capture in the instrumentation)': 3, 'answer is a tool call': 2 },
    credentials: 4, exchanges: 29, merged: 1, items: 28, labelled: 0 },
  // 32 generations and 2 SPAN observations: 1 ERROR, 1 tool-call answer; 3 credentials.
  { file: 'langfuse-generations.jsonl', format: 'langfuse', read: 34, skipped: { 'not a generation': 2, 'answer is a tool call': 1, error: 1 }, credentials: 3,
    exchanges: 30, merged: 0, items: 30, labelled: 0 },
  // 32 llm runs and 3 chain runs: 1 errored, 1 tool-call answer; 3 credentials.
  { file: 'langsmith-runs.jsonl', format: 'langsmith', read: 35, skipped: { 'not an llm run': 3, 'answer is a tool call': 1, error: 1 }, credentials: 3,
    exchanges: 30, merged: 0, items: 30, labelled: 0 },
  // 32 rows, row 21 without an answer; 1 credential (row 15). Merged: rows 31, 26, 29, 32, 27 ask what 1, 2, 5, 8, 3 ask;
  // 10 labels (contract rows 2..29), of which rows 26 and 29 are merged away: 8.
  { file: 'traffic.csv', format: 'csv', read: 32, skipped: { 'empty answer': 1 }, credentials: 1, exchanges: 31, merged: 5, items: 26, labelled: 8 },
];

const tallyLine = (expected: FormatCase) => {
  const skippedTotal = Object.values(expected.skipped).reduce((total, count) => total + count, 0);
  return `${expected.read} records read, ${skippedTotal} skipped`;
};

describe('import, every format: from the log to a suite that runs', () => {
  it.each(formatCases)('$file: detected as $format, counted, validated, run and judged pairwise, no credential anywhere', async (expected) => {
    const out = newFolder(expected.file.replace(/\..*$/, ''));
    const database = `${newFolder(expected.file)}.db`;
    const outputs = new Map<string, string>();
    const step = async (name: string, args: string[]) => {
      const result = await runCli(args);
      outputs.set(`${name} stdout`, result.stdout);
      outputs.set(`${name} stderr`, result.stderr);
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      return result;
    };

    const imported = await step('import', ['import', fixture(expected.file), '--out', out, ...(expected.extra ?? [])]);
    const summary = imported.stdout;
    expect(summary).toContain(`as ${expected.format} (detected from its content`);
    expect(summary).toContain(tallyLine(expected));
    for (const [reason, count] of Object.entries(expected.skipped)) expect(summary).toContain(`${count} ${reason}`);
    expect(summary).not.toMatch(/malformed/);
    expect(summary).toContain(`${expected.credentials} credentials removed`);
    expect(summary).toContain(`${expected.exchanges} exchanges, ${expected.merged} repeated conversations merged: ${expected.items} items`);
    expect(summary).toContain(`${expected.labelled} with a label`);

    // The files: one item per line, one replayed answer per item, the suite as described.
    expect(readdirSync(out).sort()).toEqual(['incumbent.jsonl', 'items.jsonl', 'suite.yaml']);
    const items = jsonLinesOf<ItemRow>(join(out, 'items.jsonl'));
    expect(items).toHaveLength(expected.items);
    expect(new Set(items.map((item) => item.id)).size).toBe(expected.items);
    expect(new Set(items.map((item) => JSON.stringify(item.messages))).size).toBe(expected.items);
    for (const item of items) {
      expect(item.id).toMatch(/^t-[0-9a-f]+$/);
      expect(item.messages.at(-1)!.role).toBe('user');
      expect(item.tags.filter((tag) => tag.startsWith('turns:')), item.id).toHaveLength(1);
    }
    expect(items.filter((item) => item.expected !== undefined)).toHaveLength(expected.labelled);
    const replay = jsonLinesOf<{ id: string; output: string }>(join(out, 'incumbent.jsonl'));
    expect(replay.map((row) => row.id)).toEqual(items.map((item) => item.id));
    for (const row of replay) expect(row.output.trim()).not.toBe('');
    const suite = parseDocument(readFileSync(join(out, 'suite.yaml'), 'utf8')).toJS() as Record<string, any>;
    expect(suite.reference).toEqual({ model: 'incumbent' });
    expect(suite.checks).toEqual([{ type: 'pairwise', model: 'judge' }]);
    expect(suite.models.incumbent).toMatchObject({ provider: 'replay', file: 'incumbent.jsonl' });
    expect(suite.models.cheap.provider).toBe('mock');
    expect(suite.models.judge.provider).toBe('mock');
    expect(Object.keys(suite.configurations)).toEqual(['all-incumbent', 'all-cheap', 'routed']);

    const validated = await step('validate', ['validate', join(out, 'suite.yaml')]);
    expect(validated.stdout).toContain(`valid — ${expected.items} items, 3 configurations`);
    await step('run', ['run', join(out, 'suite.yaml'), '--db', database, '--progress', 'none']);
    const report = await step('report', ['report', '--db', database, '--format', 'json']);
    const pairwise = new Map(((JSON.parse(report.stdout) as { pairwise?: PairwiseRow[] }).pairwise ?? []).map((row) => [row.configuration, row]));
    expect([...pairwise.keys()].sort()).toEqual(['all-cheap', 'all-incumbent', 'routed']);
    // The incumbent against its own answers: every comparison the same text.
    expect(pairwise.get('all-incumbent')).toMatchObject({ selfReference: true, compared: expected.items, same: expected.items, wins: 0, losses: 0 });
    for (const configuration of ['all-cheap', 'routed']) {
      const row = pairwise.get(configuration)!;
      expect(row.selfReference).toBe(false);
      expect(row.compared).toBe(expected.items);
      expect(row.wins + row.ties + row.losses + row.unanswered).toBe(row.compared);
      expect(verdicts).toContain(row.verdict);
      expect(row.labels === null ? 0 : row.labels.items).toBe(expected.labelled);
    }
    // The summary export carries the same judgement, a column each.
    const exported = await step('export', ['export', '--db', database, '--what', 'summary', '--format', 'jsonl']);
    const cheapRow = exported.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).find((row) => row.name === 'all-cheap')!;
    expect(cheapRow).toMatchObject({ pairwiseWins: pairwise.get('all-cheap')!.wins, pairwiseLosses: pairwise.get('all-cheap')!.losses, pairwiseVerdict: pairwise.get('all-cheap')!.verdict });

    const written = filesUnder(out);
    for (const path of [database, `${database}-wal`, `${database}-journal`]) if (existsSync(path)) written.set(path, readFileSync(path).toString('latin1'));
    expect(written.has(database)).toBe(true);
    expectNoCredential(new Map([...written, ...outputs]));
  });

  it('finds the planted credentials it looks for (17 in the generators, each in its fixture)', () => {
    expect(planted).toHaveLength(17);
    const fixtures = [...filesUnder(importFixtures)].filter(([path]) => !path.endsWith('.mjs')).map(([, text]) => text).join('\n');
    // Each is in the fixtures as written (JSON may escape nothing in them): a check that looks for them could fail.
    for (const credential of planted) expect(fixtures, credential).toContain(credential);
  });
});

describe('import: the Batch API output', () => {
  it('is joined with its input file by custom_id: each item the request sent, each answer the one returned for it', async () => {
    const out = newFolder('batch-join');
    const result = await runCli(['import', fixture('openai-batch-output.jsonl'), '--batch-input', fixture('openai-batch-input.jsonl'), '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const requests = new Map(jsonLinesOf<{ custom_id: string; body: { messages: ItemRow['messages'] } }>(fixture('openai-batch-input.jsonl'))
      .map((line) => [line.custom_id, line.body.messages]));
    const answers = new Map(jsonLinesOf<{ custom_id: string; response: { body: { choices?: Array<{ message: { content: string } }> } } | null }>(fixture('openai-batch-output.jsonl'))
      .map((line) => [line.custom_id, line.response?.body.choices?.[0]?.message.content]));
    const items = jsonLinesOf<ItemRow>(join(out, 'items.jsonl'));
    const replay = new Map(jsonLinesOf<{ id: string; output: string }>(join(out, 'incumbent.jsonl')).map((row) => [row.id, row.output]));
    expect(items).toHaveLength(27);
    for (const item of items) {
      expect(item.source_id).toMatch(/^ticket-\d{4}$/);
      // Request 13 carries a credential, written redacted: its other turns as sent.
      if (item.source_id === 'ticket-0013') expect(item.messages[1]!.content).toContain('[credential removed]');
      else expect(item.messages, item.source_id).toEqual(requests.get(item.source_id!));
      expect(replay.get(item.id), item.source_id).toBe(answers.get(item.source_id!));
    }
    // Neither the failed requests nor the answer without a request.
    expect(items.map((item) => item.source_id)).not.toContain('ticket-0007');
    expect(items.map((item) => item.source_id)).not.toContain('ticket-0022');
    expect(items.map((item) => item.source_id)).not.toContain('ticket-9999');
  });

  it('without --batch-input: exit 2, one line saying what is missing, nothing written', async () => {
    const out = newFolder('batch-alone');
    const result = await runCli(['import', fixture('openai-batch-output.jsonl'), '--out', out]);
    expectRefused(result, /--batch-input/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('import: malformed records', () => {
  /** Five lines of the gateway log, line 3 cut off mid-record. */
  function brokenLog(): string {
    const lines = readFileSync(fixture('openai-chat.jsonl'), 'utf8').split('\n').slice(0, 5);
    lines[2] = lines[2]!.slice(0, 60);
    const path = `${newFolder('broken')}.jsonl`;
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }

  it('stop the import at the first: exit 2, the message names line 3, no stack trace, nothing written', async () => {
    const out = newFolder('malformed');
    const result = await runCli(['import', brokenLog(), '--out', out]);
    expectRefused(result, /\bline 3\b/);
    expect(existsSync(out)).toBe(false);
  });

  it('with --skip-bad: imported without it, the malformed count printed', async () => {
    const out = newFolder('skip-bad');
    const result = await runCli(['import', brokenLog(), '--out', out, '--skip-bad']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('5 records read, 0 skipped, 1 malformed, left out (first at line 3');
    expect(result.stdout).toContain('4 exchanges, 0 repeated conversations merged: 4 items');
    expect(jsonLinesOf<ItemRow>(join(out, 'items.jsonl'))).toHaveLength(4);
  });
});

describe('import: files and formats it does not read', () => {
  it('random text: exit 2, the message lists the formats tried', async () => {
    const path = join(scratch, 'noise.txt');
    // Deterministic noise: no header, no JSON, no format's marker.
    let state = 7;
    const noise = Array.from({ length: 40 }, () => Array.from({ length: 60 }, () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return 'abcdefghijklmnopqrstuvwxyz0123456789 .;'[state % 39];
    }).join('')).join('\n');
    writeFileSync(path, `${noise}\n`);
    const out = newFolder('noise');
    const result = await runCli(['import', path, '--out', out]);
    expectRefused(result, /not a log format/);
    const tried = /\(tried ([^)]*)\)/.exec(result.stderr)?.[1]?.split(', ');
    expect(tried?.sort()).toEqual(['csv', 'langfuse', 'langsmith', 'openai-chat', 'otel']);
    expect(existsSync(out)).toBe(false);
  });

  it('--from with an unknown name: exit 2, the known names listed', async () => {
    const out = newFolder('unknown-from');
    const result = await runCli(['import', fixture('traffic.csv'), '--from', 'splunk', '--out', out]);
    expectRefused(result, /splunk/);
    for (const name of ['openai-chat', 'otel', 'langfuse', 'langsmith', 'csv', 'jsonl']) expect(result.stderr).toContain(name);
    expect(existsSync(out)).toBe(false);
  });

  it('--from with a known name: read as that, not "detected"', async () => {
    const result = await runCli(['import', fixture('traffic.csv'), '--from', 'csv', '--out', newFolder('from-csv')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('as csv');
    expect(result.stdout).not.toContain('detected');
  });
});

describe('import into a folder that has the files already', () => {
  const snapshot = (folder: string) => new Map(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name))]));

  it('without --force: exit 2 and not one byte changed; with --force: overwritten with the new import', async () => {
    const out = newFolder('existing');
    expect((await runCli(['import', fixture('traffic.csv'), '--out', out])).code).toBe(0);
    const before = snapshot(out);

    const refused = await runCli(['import', fixture('langfuse-generations.jsonl'), '--out', out]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/already exist.*--force/);
    expect(refused.stderr).not.toMatch(/^\s+at .*:\d+/m);
    expect(snapshot(out)).toEqual(before);

    const forced = await runCli(['import', fixture('langfuse-generations.jsonl'), '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const fresh = newFolder('fresh');
    expect((await runCli(['import', fixture('langfuse-generations.jsonl'), '--out', fresh])).code).toBe(0);
    const after = snapshot(out);
    expect(after.get('items.jsonl')).not.toEqual(before.get('items.jsonl'));
    // What --force wrote is what an import into an empty folder writes (the suite's name is the folder's).
    expect(after.get('items.jsonl')).toEqual(readFileSync(join(fresh, 'items.jsonl')));
    expect(after.get('incumbent.jsonl')).toEqual(readFileSync(join(fresh, 'incumbent.jsonl')));
  });

  it('one of the three files there is enough to refuse, before any is written', async () => {
    const out = newFolder('one-existing');
    mkdirSync(out);
    writeFileSync(join(out, 'suite.yaml'), 'name: mine\n');
    const refused = await runCli(['import', fixture('traffic.csv'), '--out', out]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('suite.yaml');
    expect(readdirSync(out)).toEqual(['suite.yaml']);
    expect(readFileSync(join(out, 'suite.yaml'), 'utf8')).toBe('name: mine\n');
  });

  // An existing --out is the user's doing: a usage error, not an internal one with a hint to rerun with --debug.
  it('the refusal is a usage error: one plain line, no "--debug" hint', async () => {
    const out = newFolder('existing-plain');
    expect((await runCli(['import', fixture('traffic.csv'), '--out', out])).code).toBe(0);
    expectRefused(await runCli(['import', fixture('traffic.csv'), '--out', out]), /already exist/);
  });

  // Not Node's raw EEXIST from mkdir, with the --debug hint.
  it('--out naming a file: exit 2, one plain line saying it is not a folder', async () => {
    const path = join(scratch, 'out-is-a-file');
    writeFileSync(path, 'mine\n');
    expectRefused(await runCli(['import', fixture('traffic.csv'), '--out', path]), /out-is-a-file/);
    expect(readFileSync(path, 'utf8')).toBe('mine\n');
  });
});
