import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatProblem, UsageError } from '../errors.js';
import { loadSuite } from './load-suite.js';

const base = `name: t
prompt: "Q: {{question}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
`;

function folderWith(files: Record<string, string | Buffer>): string {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-suite-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

async function problemsOf(text: string, files: Record<string, string | Buffer> = {}): Promise<string[]> {
  const folder = folderWith({ 'suite.yaml': text, ...files });
  try {
    await loadSuite(join(folder, 'suite.yaml'));
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

describe('loadSuite', () => {
  it('loads inline items with defaults: baseline, frontier, margin, seed', async () => {
    const folder = folderWith({ 'suite.yaml': `${base}items:\n  - { id: 1, question: q, expected: a, tags: [hard] }\n` });
    const suite = await loadSuite(join(folder, 'suite.yaml'));
    expect(suite.items).toEqual([{ id: '1', position: 0, expected: 'a', tags: ['hard'], checks: undefined, fields: { id: 1, question: 'q', expected: 'a', tags: ['hard'] } }]);
    expect(suite.baseline).toBe('all-big');
    expect(suite.frontier).toBe('big');
    expect(suite.marginPp).toBe(1);
    expect(suite.models.big!.price).toMatchObject({ inputPerMtokUsd: 10, outputPerMtokUsd: 30, source: 'suite' });
    expect(suite.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads JSONL, CSV (tags split on ;), JSON and YAML datasets relative to the suite', async () => {
    const jsonl = '{"id":"a","question":"q","expected":"x"}\n\n{"id":"b","question":"q","expected":"y","tags":["t"]}\n';
    const csv = 'id,question,expected,tags\na,q,x,easy;legal\nb,"q, with comma",y,\n';
    const json = JSON.stringify([{ id: 'a', question: 'q', expected: 'x' }]);
    const yaml = '- { id: a, question: q, expected: x }\n';
    for (const [name, content, count] of [['d.jsonl', jsonl, 2], ['d.csv', csv, 2], ['d.json', json, 1], ['d.yaml', yaml, 1]] as const) {
      const folder = folderWith({ 'suite.yaml': `${base}dataset: ${name}\n`, [name]: content });
      const suite = await loadSuite(join(folder, 'suite.yaml'));
      expect(suite.items).toHaveLength(count);
      if (name === 'd.csv') expect(suite.items[0]!.tags).toEqual(['easy', 'legal']);
    }
  });

  it('points at the line and column of a misspelt key and suggests the right one', async () => {
    const problems = await problemsOf(`${base}items: [{ id: 1, question: q, expected: a }]\nmargin_p: 2\n`);
    expect(problems).toEqual([expect.stringMatching(/suite\.yaml:11:1: margin_p: unknown key "margin_p" \(did you mean "margin_pp"\?\)/)]);
  });

  it('collects every problem at once instead of stopping at the first', async () => {
    const text = `name: t
prompt: "{{question}} {{context}}"
checks: [{ type: exact }, { type: regex, pattern: "(" }]
models:
  big: { provider: mokc }
  small: { provider: mock, model: no-such-model-anywhere }
configurations:
  one: { model: bigg }
baseline: none
margin_pp: -1
items:
  - { id: 1, question: q, expected: a }
  - { id: 1, question: q, context: c, expected: a }
  - { question: q, context: c, expected: a }
`;
    const problems = await problemsOf(text);
    const joined = problems.join('\n');
    expect(joined).toMatch(/:3:\d+: checks\[1\]\.pattern: /);
    expect(joined).toMatch(/:5:\d+: models\.big\.provider: unknown provider "mokc" \(did you mean "mock"\?\)/);
    expect(joined).toMatch(/no known price for model "no-such-model-anywhere"/);
    expect(joined).toMatch(/:8:\d+: configurations\.one\.model: unknown model "bigg"/);
    expect(joined).toMatch(/:9:\d+: baseline: unknown configuration "none"/);
    expect(joined).toMatch(/:10:\d+: margin_pp: must be at least 0/);
    expect(joined).toMatch(/:12:\d+: item "1" lacks "context"/);
    expect(joined).toMatch(/:13:\d+: duplicate id "1"/);
    expect(joined).toMatch(/:14:\d+: item has no `id`/);
    expect(problems.length).toBeGreaterThanOrEqual(9);
  });

  it('reports a YAML syntax error with its position', async () => {
    const problems = await problemsOf('name: t\nprompt: [unclosed\nmodels: {}\n');
    expect(problems[0]).toMatch(/suite\.yaml:\d+:\d+: /);
  });

  it('names the line of an invalid JSONL row and of a ragged CSV row', async () => {
    const jsonl = '{"id":"a","question":"q","expected":"x"}\n{"id":"b",\n';
    expect(await problemsOf(`${base}dataset: d.jsonl\n`, { 'd.jsonl': jsonl })).toEqual([
      expect.stringMatching(/d\.jsonl:2: invalid JSON/),
    ]);
    const csv = 'id,question,expected\na,q,x\nb,q\n';
    expect((await problemsOf(`${base}dataset: d.csv\n`, { 'd.csv': csv }))[0]).toMatch(/d\.csv:3: invalid CSV/);
  });

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const bytes = Buffer.concat([Buffer.from('{"id":"a","question":"q","expected":"x"}\n{"id":"b","question":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","expected":"y"}\n')]);
    expect(await problemsOf(`${base}dataset: d.jsonl\n`, { 'd.jsonl': bytes })).toEqual([expect.stringMatching(/d\.jsonl:2: is not valid UTF-8/)]);
  });

  it('reports a missing or empty dataset', async () => {
    expect(await problemsOf(`${base}dataset: nowhere.jsonl\n`)).toEqual([expect.stringMatching(/nowhere\.jsonl: cannot read the dataset: file not found/)]);
    expect(await problemsOf(`${base}dataset: d.jsonl\n`, { 'd.jsonl': '\n' })).toEqual([expect.stringMatching(/d\.jsonl: the dataset has no items/)]);
  });

  it('requires the environment variable an HTTP model names for its key', async () => {
    const text = `${base.replace('big: { provider: mock,', 'big: { provider: openai, model: gpt-4o, api_key_env: ROUTE_BENCH_TEST_UNSET_KEY,')}items: [{ id: 1, question: q, expected: a }]\n`;
    delete process.env.ROUTE_BENCH_TEST_UNSET_KEY;
    const problems = await problemsOf(text);
    expect(problems.join('\n')).toMatch(/environment variable ROUTE_BENCH_TEST_UNSET_KEY is not set/);
  });

  it('loads without the keys when asked to (an estimate makes no call)', async () => {
    const text = `${base.replace('big: { provider: mock,', 'big: { provider: openai, model: gpt-4o, api_key_env: ROUTE_BENCH_TEST_UNSET_KEY,')}items: [{ id: 1, question: q, expected: a }]\n`;
    delete process.env.ROUTE_BENCH_TEST_UNSET_KEY;
    const folder = folderWith({ 'suite.yaml': text });
    const suite = await loadSuite(join(folder, 'suite.yaml'), { requireApiKeys: false });
    expect(suite.models.big!.http?.apiKeyEnv).toBe('ROUTE_BENCH_TEST_UNSET_KEY');
  });

  it('prices a model from the bundled price data when the suite gives none', async () => {
    const text = base.replace('big: { provider: mock, price: { input_mtok: 10, output_mtok: 30 } }', 'big: { provider: mock, model: claude-opus-4-1 }');
    const folder = folderWith({ 'suite.yaml': `${text}items: [{ id: 1, question: q, expected: a }]\n` });
    const suite = await loadSuite(join(folder, 'suite.yaml'));
    expect(suite.models.big!.price).toMatchObject({ inputPerMtokUsd: 15, outputPerMtokUsd: 75, cachedInputPerMtokUsd: 1.5 });
    expect(suite.models.big!.price.source).toBe('genai-prices:anthropic/claude-opus-4-1');
  });

  describe('a replay model without a price', () => {
    const replayed = (rows: string) => ({
      'suite.yaml': `name: t
prompt: "Q: {{question}}"
checks: [{ type: exact }]
models:
  recorded: { provider: replay, model: made-up-model-without-a-price, file: outputs.jsonl }
items:
  - { id: 1, question: q, expected: a }
  - { id: 2, question: q, expected: b }
`,
      'outputs.jsonl': rows,
    });
    const row = (id: number, cost?: number) => JSON.stringify({ id, model: 'made-up-model-without-a-price', output: 'a', ...(cost === undefined ? {} : { cost_usd: cost }) });

    it('needs none when every row carries cost_usd, and says the costs are recorded', async () => {
      const folder = folderWith(replayed(`${row(1, 0.25)}\n${row(2, 0.5)}\n`));
      const suite = await loadSuite(join(folder, 'suite.yaml'));
      expect(suite.models.recorded!.price.source).toMatch(/^recorded: cost_usd on every row of .*outputs\.jsonl$/);
    });

    it('needs one when some rows lack cost_usd, and says which', async () => {
      const problems = await problemsOf(replayed('')['suite.yaml'], { 'outputs.jsonl': `${row(1, 0.25)}\n${row(2)}\n` });
      expect(problems).toEqual([
        expect.stringMatching(/models\.recorded: no known price for model "made-up-model-without-a-price", and 1 of 2 rows of .*outputs\.jsonl have no cost_usd; set price: \{ input_mtok: .*, output_mtok: .* \}, or record cost_usd on every row/),
      ]);
    });
  });
});

describe('loadSuite with a model replayed from a stored run', () => {
  const text = `name: t
prompt: "Q: {{question}}"
checks: [{ type: exact }]
models:
  recorded: { provider: replay, from_run: { db: runs.db, run: latest, model: big }, price: { input_mtok: 1, output_mtok: 2 } }
items:
  - { id: 1, question: q, expected: a }
`;

  it('is a problem at the from_run key when the loader was given no stored-run reader', async () => {
    expect(await problemsOf(text)).toEqual([
      expect.stringMatching(/suite\.yaml:5:33: models\.recorded\.from_run: the loader was given no stored-run reader/),
    ]);
  });

  it('reads the answers through the reader it is given, with the database beside the suite file', async () => {
    const folder = folderWith({ 'suite.yaml': text });
    const calls: unknown[] = [];
    const storedAnswers = (databasePath: string, run: string | undefined, model: string) => {
      calls.push([databasePath, run, model]);
      return { records: new Map([['1', { output: 'a', costUsd: 0.5 }]]), runId: 3 };
    };
    const suite = await loadSuite(join(folder, 'suite.yaml'), { readers: { storedAnswers } });
    expect(calls).toEqual([[join(folder, 'runs.db'), 'latest', 'big']]);
    expect(suite.models.recorded!.replay?.source).toMatch(/runs\.db run 3$/);
  });

  it('turns what the reader refuses into a problem at from_run', async () => {
    const folder = folderWith({ 'suite.yaml': text });
    const storedAnswers = () => {
      throw new UsageError('no run "latest" in runs.db');
    };
    const error = await loadSuite(join(folder, 'suite.yaml'), { readers: { storedAnswers } }).catch((caught: unknown) => caught);
    expect((error as ConfigError).problems.map(formatProblem)).toEqual([expect.stringMatching(/suite\.yaml:5:43: models\.recorded\.from_run: no run "latest" in runs\.db$/)]);
  });
});

describe('loadSuite on a streamed dataset', () => {
  const lines = Array.from({ length: 500 }, (_, index) => JSON.stringify({ id: `s${index}`, question: `q${index}`, expected: `a${index}`, tags: [index % 2 ? 'odd' : 'even'], ...(index % 50 === 0 ? { checks: [{ type: 'contains' }] } : {}) }));

  it('reads the same items, checks and content hash as when the file is held whole', async () => {
    const folder = folderWith({ 'suite.yaml': `${base}dataset: d.jsonl\n`, 'd.jsonl': `\ufeff${lines.join('\n')}\n` });
    const whole = await loadSuite(join(folder, 'suite.yaml'));
    const streamed = await loadSuite(join(folder, 'suite.yaml'), { streamAboveBytes: 1 });
    expect(streamed.items).toEqual([]);
    expect(streamed.itemCount).toBe(500);
    expect([...streamed.iterateItems()]).toEqual(whole.items);
    expect([...streamed.iterateItems()]).toEqual(whole.items);
    expect(streamed.contentHash).toBe(whole.contentHash);
    const item = whole.items[50]!;
    expect(streamed.checksFor(item).map((check) => check.type)).toEqual(['contains']);
    expect(streamed.checksFor(whole.items[1]!).map((check) => check.type)).toEqual(['exact']);
  });

  it('reports the same problems, with their lines, as when the file is held whole', async () => {
    const broken = [...lines.slice(0, 10), '{"id": "s3", "question": "q", "expected": "x"}', '{not json', ...lines.slice(10, 20)];
    const folder = folderWith({ 'suite.yaml': `${base}dataset: d.jsonl\n`, 'd.jsonl': broken.join('\n') });
    const problems = async (streamAboveBytes?: number) => {
      try {
        await loadSuite(join(folder, 'suite.yaml'), { streamAboveBytes });
      } catch (error) {
        return (error as ConfigError).problems.map(formatProblem);
      }
      return [];
    };
    const whole = await problems();
    expect(whole).toEqual([expect.stringMatching(/d\.jsonl:11: duplicate id "s3"/), expect.stringMatching(/d\.jsonl:12: invalid JSON/)]);
    expect(await problems(1)).toEqual(whole);
  });
});
