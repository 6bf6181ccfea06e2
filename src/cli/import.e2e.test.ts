import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { recordedResponse, startFakeServer, type ReceivedRequest, type Reply } from '../providers/__fixtures__/fake-server.js';
import { runCli, type Finished } from './__fixtures__/route-bench-process.js';

/**
 * `route-bench import` end to end, on the built CLI: every log format the
 * importers read, from the file to a suite that validates, runs and reports
 * a pairwise verdict, with none of the credentials planted in the fixtures
 * coming through; then the ways an import must refuse (exit 2, one line),
 * the seeded sample, CSV columns named by the user, and a run whose cheap
 * model is an OpenAI-compatible server that records what it was sent.
 */

const importFixtures = fileURLToPath(new URL('../import/__fixtures__/', import.meta.url));
const fixture = (name: string) => join(importFixtures, name);

const scratch = mkdtempSync(join(tmpdir(), 'route-bench-import-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
/** A fresh folder under the test's scratch space (not created: `import --out` creates it). */
const newFolder = (label: string) => join(scratch, `${label}-${++folders}`);

/**
 * The planted credentials, read from the generators' `planted` objects, so
 * a credential added there is looked for here too. 7 + 10 when written.
 */
function plantedCredentials(): string[] {
  const values: string[] = [];
  for (const script of ['make-fixtures.mjs', 'make-trace-fixtures.mjs']) {
    const text = readFileSync(fixture(script), 'utf8');
    const block = /const planted = \{([\s\S]*?)\n\};/.exec(text);
    if (!block) throw new Error(`${script}: no "const planted = {...};" block`);
    for (const match of block[1]!.matchAll(/:\s*'([^']+)'/g)) values.push(match[1]!);
  }
  return values;
}
const planted = plantedCredentials();

/** Every file under a folder, with its bytes as latin1 text (SQLite pages included), by path. */
function filesUnder(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const path = join(folder, name);
    if (statSync(path).isFile()) files.set(path, readFileSync(path).toString('latin1'));
  }
  return files;
}

/** No planted credential, whole or its last 12 characters (a half-redacted key), in any of the texts. */
function expectNoCredential(texts: Map<string, string>): void {
  const leaks: string[] = [];
  for (const [where, text] of texts) {
    for (const credential of planted) {
      if (text.includes(credential) || text.includes(credential.slice(-12))) leaks.push(`${credential} in ${where}`);
    }
  }
  expect(leaks).toEqual([]);
}

/** A refusal as the exit policy prints one: exit 2, one line on stderr, no stack trace, nothing on stdout. */
function expectRefused(result: Finished, message: RegExp): void {
  expect(result.code, result.stdout + result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at .*:\d+/m);
  // A usage error, not an internal one: the hint to rerun with --debug is for the unexpected.
  expect(result.stderr).not.toMatch(/--debug/);
}

interface ItemRow {
  id: string;
  messages: Array<{ role: string; content: string }>;
  tags: string[];
  model: string | null;
  source_id?: string;
  meta?: Record<string, unknown>;
  expected?: string;
}

const jsonLinesOf = <T>(path: string): T[] => readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as T);

interface PairwiseRow {
  configuration: string; compared: number; wins: number; ties: number; losses: number; same: number; unanswered: number;
  selfReference: boolean; verdict: string; labels: { items: number } | null;
}

const verdicts = ['non-inferior', 'inferior', 'inconclusive'];

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
    const database = join(scratch, `${expected.file}-${folders}.db`);
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
    const path = join(scratch, `broken-${++folders}.jsonl`);
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

describe('import --sample: a seeded sample spread over the strata', () => {
  const log = fixture('otel-genai.json');
  const sampled = async (seed: number, label: string) => {
    const out = newFolder(label);
    const result = await runCli(['import', log, '--out', out, '--sample', '10', '--by', 'model', '--seed', String(seed)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`sampled 10 of 28 by model (seed ${seed})`);
    return { stdout: result.stdout, text: readFileSync(join(out, 'items.jsonl'), 'utf8') };
  };
  const modelCounts = (text: string) => {
    const counts = new Map<string, number>();
    for (const line of text.trimEnd().split('\n')) {
      const tag = (JSON.parse(line) as ItemRow).tags.find((each) => each.startsWith('model:')) ?? '(no model)';
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return counts;
  };

  it('is the same for the same seed, another for another seed, each stratum its largest-remainder share, in the file\'s order', async () => {
    const fullFolder = newFolder('sample-full');
    expect((await runCli(['import', log, '--out', fullFolder])).code).toBe(0);
    const full = readFileSync(join(fullFolder, 'items.jsonl'), 'utf8').trimEnd().split('\n');
    const population = modelCounts(full.join('\n'));
    // 13 / 9 / 6 of 28: shares 4.64, 3.21, 2.14; the one left to the largest fraction.
    expect([...population.values()].sort((a, b) => b - a)).toEqual([13, 9, 6]);

    const first = await sampled(3, 'sample-a');
    const again = await sampled(3, 'sample-b');
    const other = await sampled(4, 'sample-c');
    expect(again.text).toBe(first.text);
    expect(other.text).not.toBe(first.text);

    for (const { text } of [first, other]) {
      const lines = text.trimEnd().split('\n');
      expect(lines).toHaveLength(10);
      // Lines of the full import, byte for byte, in its order.
      const positions = lines.map((line) => full.indexOf(line));
      expect(positions).not.toContain(-1);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      const counts = modelCounts(text);
      for (const [tag, size] of population) {
        const share = (size * 10) / full.length;
        expect(counts.get(tag) ?? 0, tag).toBeGreaterThanOrEqual(Math.floor(share));
        expect(counts.get(tag) ?? 0, tag).toBeLessThanOrEqual(Math.ceil(share));
      }
      expect(Object.fromEntries(counts)).toEqual({ 'model:gpt-4o-mini-2024-07-18': 5, 'model:claude-3-5-sonnet-20241022': 3, 'model:gpt-3.5-turbo-0125': 2 });
    }
  });

  it('--by without --sample: exit 2', async () => {
    expectRefused(await runCli(['import', log, '--out', newFolder('by-alone'), '--by', 'model']), /--sample/);
  });
});

describe('import: CSV columns and repeated prompts', () => {
  /** A spreadsheet whose columns none of the default names match; ticket 3 asks what ticket 1 asked. */
  const sheet = [
    'ticket,ask,reply,engine,queue',
    '1,How do I reset my password?,"Use ""Forgot password"", then follow the link we email you.",gpt-4o,billing',
    '2,"Where is my order?\nIt was due on Monday.",It ships tomorrow with DHL.,claude-opus-4-1,shipping',
    '3,How do I reset my password?,Click Forgot password.,gpt-4o,billing',
    '4,Can I pay by invoice?,"Yes, on the yearly plan.",gpt-4o,billing',
  ].join('\n');

  it('--prompt-column and --answer-column name them: every row an item, the other columns metadata', async () => {
    const path = join(scratch, 'renamed-columns.csv');
    writeFileSync(path, `${sheet}\n`);
    const out = newFolder('renamed');
    const result = await runCli(['import', path, '--out', out, '--prompt-column', 'ask', '--answer-column', 'reply', '--model-column', 'engine', '--tag-by', 'queue']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('4 records read, 0 skipped');
    // Identical prompts merged, the count printed, the first answer kept.
    expect(result.stdout).toContain('4 exchanges, 1 repeated conversations merged: 3 items');
    const items = jsonLinesOf<ItemRow>(join(out, 'items.jsonl'));
    expect(items.map((item) => item.messages)).toEqual([
      [{ role: 'user', content: 'How do I reset my password?' }],
      [{ role: 'user', content: 'Where is my order?\nIt was due on Monday.' }],
      [{ role: 'user', content: 'Can I pay by invoice?' }],
    ]);
    expect(items.map((item) => item.model)).toEqual(['gpt-4o', 'claude-opus-4-1', 'gpt-4o']);
    expect(items[1]!.tags).toEqual(expect.arrayContaining(['model:claude-opus-4-1', 'queue:shipping', 'turns:1']));
    expect(items[0]!.meta).toMatchObject({ ticket: '1', queue: 'billing' });
    const replay = jsonLinesOf<{ id: string; output: string }>(join(out, 'incumbent.jsonl'));
    expect(replay.map((row) => row.output)).toEqual(['Use "Forgot password", then follow the link we email you.', 'It ships tomorrow with DHL.', 'Yes, on the yearly plan.']);
    expect((await runCli(['validate', join(out, 'suite.yaml')])).code).toBe(0);
  });

  it('without them, or naming columns it does not have: exit 2, naming the columns there are', async () => {
    const path = join(scratch, 'renamed-columns-2.csv');
    writeFileSync(path, `${sheet}\n`);
    for (const flags of [[], ['--prompt-column', 'prompt', '--answer-column', 'answer'], ['--prompt-column', 'ask', '--answer-column', 'response']]) {
      const out = newFolder('missing-columns');
      const result = await runCli(['import', path, '--out', out, ...flags]);
      expectRefused(result, /ticket, ask, reply, engine, queue/);
      expect(existsSync(out), flags.join(' ')).toBe(false);
    }
  });
});

describe('import, then a run whose cheap model is an OpenAI-compatible server', () => {
  const keyVariable = 'ROUTE_BENCH_TEST_IMPORT_CHEAP_KEY';
  const key = 'sk-test-import-live-0000';

  /** The recorded Chat Completions body, its content a short answer to the last user turn. */
  function reply(request: ReceivedRequest): Reply {
    const body = JSON.parse(request.bodyText) as { messages: Array<{ role: string; content: string }> };
    const recorded = JSON.parse(recordedResponse('openai.chat_completion.success.json')) as { choices: Array<{ message: { content: string } }> };
    const last = body.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
    recorded.choices[0]!.message.content = `Cheap answer: ${last.slice(0, 40)}`;
    return { status: 200, body: JSON.stringify(recorded) };
  }

  it('sends each item\'s conversation as items.jsonl has it (roles, order, system turn, tool turns as text) and reports a verdict', async () => {
    const server = await startFakeServer(reply);
    try {
      const out = newFolder('live');
      const imported = await runCli(['import', fixture('openai-chat.jsonl'), '--out', out]);
      expect(imported.code, imported.stderr).toBe(0);
      const suitePath = join(out, 'suite.yaml');
      const suite = parseDocument(readFileSync(suitePath, 'utf8'));
      suite.setIn(['models', 'cheap'], suite.createNode({
        provider: 'openai', model: 'cheap-live-1', base_url: `${server.origin}/v1`, api_key_env: keyVariable, max_attempts: 1,
        price: { input_mtok: 0.15, output_mtok: 0.6 },
      }));
      writeFileSync(suitePath, suite.toString());
      const env = { [keyVariable]: key };
      expect((await runCli(['validate', suitePath], { env })).code).toBe(0);

      const database = join(scratch, 'live.db');
      const run = await runCli(['run', suitePath, '--db', database, '--progress', 'none'], { env });
      expect(run.code, run.stderr).toBe(0);

      const items = jsonLinesOf<ItemRow>(join(out, 'items.jsonl'));
      expect(items).toHaveLength(27);
      // The gateway log's conversations: system turns, several user turns, tool calls flattened to text.
      expect(items.some((item) => item.messages[0]!.role === 'system')).toBe(true);
      expect(items.some((item) => item.messages.filter((message) => message.role === 'user').length >= 3)).toBe(true);
      expect(items.some((item) => item.tags.includes('tools'))).toBe(true);

      const byConversation = new Map(items.map((item) => [JSON.stringify(item.messages), item.id]));
      const reached = new Set<string>();
      expect(server.received.length).toBeGreaterThanOrEqual(items.length);
      for (const request of server.received) {
        expect(request.path).toBe('/v1/chat/completions');
        expect(request.headers.authorization).toBe(`Bearer ${key}`);
        const body = JSON.parse(request.bodyText) as { model: string; messages: Array<{ role: string; content: unknown }> };
        expect(body.model).toBe('cheap-live-1');
        // Exactly an item's turns, no more, no fewer, nothing rendered into one prompt.
        const id = byConversation.get(JSON.stringify(body.messages.map(({ role, content }) => ({ role, content }))));
        expect(id, request.bodyText.slice(0, 300)).toBeDefined();
        reached.add(id!);
      }
      // all-cheap sends every item to the cheap model.
      expect(reached.size).toBe(items.length);
      expectNoCredential(new Map(server.received.map((request, index) => [`request ${index}`, request.bodyText])));

      const report = await runCli(['report', '--db', database, '--format', 'json']);
      expect(report.code, report.stderr).toBe(0);
      const pairwise = new Map(((JSON.parse(report.stdout) as { pairwise?: PairwiseRow[] }).pairwise ?? []).map((row) => [row.configuration, row]));
      expect(pairwise.get('all-incumbent')).toMatchObject({ selfReference: true, compared: 27 });
      for (const configuration of ['all-cheap', 'routed']) {
        expect(pairwise.get(configuration)).toMatchObject({ selfReference: false, compared: 27 });
        expect(verdicts).toContain(pairwise.get(configuration)!.verdict);
      }
      // Not one cheap answer is the incumbent's: the server's answers were used, none replayed.
      expect(pairwise.get('all-cheap')!.same).toBe(0);
      expect(statSync(database).size).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
