import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../errors.js';
import { loadSuite } from '../suite/load-suite.js';
import { runSuite } from './run-suite.js';
import { simulateStored } from '../offline/__fixtures__/stored-runs.js';
import { sweepStored } from '../offline/__fixtures__/stored-runs.js';

/*
 * Every item carries a reference (`expected`) and a field only the grading judge reads (`gold_note`), each a
 * value planted nowhere else. Whatever decides a route (external routers over HTTP and as a command, the
 * learned router's features, a cascade's verifier model and its other accept checks) must never get
 * either, in a live run or in a simulation of it; the grader must get both (the plant is real).
 */
const seen = vi.hoisted(() => ({
  /** What the learned router's feature extractor was handed, as JSON. */
  features: [] as string[],
  /** Every attempt the mock model got: which model, and its messages and item as JSON. */
  requests: [] as Array<{ model: string; text: string }>,
}));

vi.mock('../routing/threshold.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../routing/threshold.js')>();
  return {
    ...actual,
    crossFittedFailureScores: (...parameters: Parameters<typeof actual.crossFittedFailureScores>) => {
      seen.features.push(...parameters[0].map((input) => JSON.stringify(input)));
      return actual.crossFittedFailureScores(...parameters);
    },
  };
});

vi.mock('../mock/mock-model.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../mock/mock-model.js')>();
  return {
    ...actual,
    createMockModel: (...parameters: Parameters<typeof actual.createMockModel>) => {
      const mock = actual.createMockModel(...parameters);
      return {
        ...mock,
        attempt: (request: Parameters<typeof mock.attempt>[0]) => {
          seen.requests.push({ model: request.model.name, text: JSON.stringify({ messages: request.messages, item: request.item }) });
          return mock.attempt(request);
        },
      };
    },
  };
});

const lineRouter = fileURLToPath(new URL('../routing/__fixtures__/line-router.mjs', import.meta.url));
const planted = /PLANTED-/;
const itemCount = 40;

let folder: string;
let server: Server;
let url: string;
/** Every body the HTTP router received. */
const posted: string[] = [];

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter((line) => line !== '') : []);

function suiteText(): string {
  const command = (log: string) => `[${JSON.stringify(process.execPath)}, ${JSON.stringify(lineRouter)}, tags, ${JSON.stringify(join(folder, log))}]`;
  return `name: planted
prompt: "Clause: {{clause}}"
checks:
  - { type: exact }
  - { type: llm-judge, model: grader, prompt: "Answer {{answer}}. Reference {{reference}}. Notes {{gold_note}}." }
models:
  frontier: { provider: mock, quality: 0.95, price: { input_mtok: 10, output_mtok: 30 } }
  cheap: { provider: mock, quality: 0.6, price: { input_mtok: 1, output_mtok: 2 } }
  grader: { provider: mock, replies: ['{"verdict": "pass", "score": 1}'], price: { input_mtok: 1, output_mtok: 1 } }
  verifier: { provider: mock, replies: ['{"verdict": "pass"}', '{"verdict": "fail"}'], price: { input_mtok: 1, output_mtok: 1 } }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  by-url: { router: external, url: "${url}", models: [cheap, frontier] }
  by-command: { router: external, command: ${command('live-questions.jsonl')}, models: [cheap, frontier] }
  learned: { router: threshold, threshold: 0.4, strong: frontier, weak: cheap }
  verified:
    router: cascade
    models: [cheap, frontier]
    accept:
      - { type: llm-judge, model: verifier, prompt: "Task: {{prompt}} Category: {{category}} <answer>{{answer}}</answer>" }
      - { type: custom, module: peek.mjs }
seed: 5
items:
${Array.from({ length: itemCount }, (_, index) =>
  `  - { id: c${index}, clause: "The fee ${index} is due.", category: cat-${index % 3}, expected: PLANTED-REF-${index}, gold_note: PLANTED-JUDGE-${index}, tags: [${index % 4 === 0 ? 'hard' : 'easy'}] }`).join('\n')}
`;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'route-bench-planted-'));
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      posted.push(text);
      const { tags } = JSON.parse(text) as { tags: string[] };
      response.end(JSON.stringify({ model: tags.includes('hard') ? 'frontier' : 'cheap' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/route`;
  // An accept check of the suite's own: it writes down every item it is shown, and accepts.
  writeFileSync(join(folder, 'peek.mjs'), `import { appendFileSync } from 'node:fs';
export default (output, item) => { appendFileSync(${JSON.stringify(join(folder, 'peeked.jsonl'))}, JSON.stringify(item) + '\\n'); return true; };
`);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('what a router sees of an item', () => {
  it('never holds the reference nor a judge-only field, live or simulated, while the grader gets both', async () => {
    writeFileSync(join(folder, 'suite.yaml'), suiteText());
    const databasePath = join(folder, 'run.db');
    const outcome = await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 4 });
    expect(outcome.status).toBe('complete');

    const run = String(outcome.runId);
    await simulateStored({ databasePath, run, router: `{ router: external, url: "${url}", models: [cheap, frontier] }`, name: 'by-url-again' });
    await simulateStored({ databasePath, run, router: `{ router: external, command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(lineRouter)}, tags, ${JSON.stringify(join(folder, 'simulated-questions.jsonl'))}], models: [cheap, frontier] }`, name: 'by-command-again' });
    await simulateStored({ databasePath, run, router: '{ router: threshold, threshold: 0.2, strong: frontier, weak: cheap }', name: 'learned-again' });
    await simulateStored({ databasePath, run, router: '{ router: cascade, models: [cheap, frontier], accept: [{ type: custom, module: peek.mjs }] }', name: 'peeking' });
    await sweepStored({ databasePath, run, router: '{ router: threshold, strong: frontier, weak: cheap }', grid: '0:1:0.5' });

    // The plant is real: the grader was shown both values of every item.
    const graderPrompts = seen.requests.filter((request) => request.model === 'grader').map((request) => request.text);
    expect(graderPrompts.some((text) => text.includes('PLANTED-REF-7') && text.includes('PLANTED-JUDGE-7'))).toBe(true);

    // Routers were asked, and saw the item's input fields, just not the reference.
    const asked = {
      'HTTP router (live and simulated)': posted,
      'command router, live': lines(join(folder, 'live-questions.jsonl')),
      'command router, simulated': lines(join(folder, 'simulated-questions.jsonl')),
      'learned router features (live, simulated and swept)': seen.features,
      // A right answer is the reference itself, and a verifier is shown the answer: everything else it must not see.
      'verifier model requests': seen.requests.filter((request) => request.model === 'verifier').map((request) => request.text.replace(/<answer>.*?<\/answer>/, '')),
      'accept check of a cascade (live and simulated)': lines(join(folder, 'peeked.jsonl')),
    };
    expect(posted).toHaveLength(itemCount * 2);
    expect(asked['command router, live']).toHaveLength(itemCount);
    expect(asked['command router, simulated']).toHaveLength(itemCount);
    expect(asked['learned router features (live, simulated and swept)']).toHaveLength(itemCount * 3);
    expect(asked['verifier model requests'].length).toBeGreaterThanOrEqual(itemCount);
    expect(asked['accept check of a cascade (live and simulated)'].length).toBeGreaterThan(itemCount);
    expect(JSON.parse(posted[0]!).fields).toHaveProperty('category');
    expect(asked['verifier model requests'][0]).toMatch(/Category: cat-\d/);
    // How many of each one's inputs held a planted value: none, anywhere.
    const leaks = Object.fromEntries(Object.entries(asked).map(([who, texts]) => [who, texts.filter((text) => planted.test(text)).length]));
    expect(leaks).toEqual(Object.fromEntries(Object.keys(asked).map((who) => [who, 0])));
  });
});

describe('a field the suite lists under reference_fields', () => {
  it('is hidden from routers live and simulated, and a run stored without the list hides every field its prompt does not name', async () => {
    // A custom grading check reads `rationale`, which no template names: only the suite's list can say so.
    writeFileSync(join(folder, 'rationale.mjs'), 'export default (output, item) => output.length > 0 && item.fields.rationale.startsWith("PLANTED");\n');
    writeFileSync(join(folder, 'declared.yaml'), `name: declared
prompt: "Clause: {{clause}}"
checks: [{ type: custom, module: rationale.mjs }]
reference_fields: [rationale]
models:
  frontier: { provider: mock, quality: 0.9, price: { input_mtok: 10, output_mtok: 30 } }
  cheap: { provider: mock, quality: 0.6, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  by-url: { router: external, url: "${url}" }
items:
${Array.from({ length: 10 }, (_, index) => `  - { id: d${index}, clause: "Clause ${index}.", category: cat-${index % 2}, rationale: PLANTED-DECLARED-${index}, expected: "${index}" }`).join('\n')}
`);
    const databasePath = join(folder, 'declared.db');
    posted.length = 0;
    const outcome = await runSuite(await loadSuite(join(folder, 'declared.yaml')), { databasePath, concurrency: 2 });
    const run = String(outcome.runId);
    await simulateStored({ databasePath, run, router: `{ router: external, url: "${url}" }`, name: 'again' });
    expect(posted).toHaveLength(20);
    expect(posted.filter((body) => planted.test(body))).toEqual([]);
    expect(JSON.parse(posted[19]!).fields).toEqual({ clause: 'Clause 9.', category: 'cat-1' });
    const rule = '{ router: rules, rules: [{ when: { field: rationale, matches: x }, use: frontier }], default: cheap }';
    await expect(simulateStored({ databasePath, run, router: rule, name: 'peek' })).rejects.toThrow(/a rule cannot read "rationale"/);

    // As a run stored before reference fields were recorded: its simulations show routers the prompt's fields only.
    const database = new Database(databasePath);
    const options = JSON.parse(database.prepare('SELECT options_json FROM runs WHERE id = ?').pluck().get(outcome.runId) as string) as Record<string, unknown>;
    expect(options.referenceFields).toEqual(['expected', 'rationale']);
    delete options.referenceFields;
    database.prepare('UPDATE runs SET options_json = ? WHERE id = ?').run(JSON.stringify(options), outcome.runId);
    database.close();
    posted.length = 0;
    await simulateStored({ databasePath, run, router: `{ router: external, url: "${url}" }`, name: 'old' });
    expect(posted.map((body) => JSON.parse(body).fields)).toEqual(Array.from({ length: 10 }, (_, index) => ({ clause: `Clause ${index}.` })));
    const onCategory = simulateStored({ databasePath, run, router: rule.replace('rationale', 'category'), name: 'category' });
    await expect(onCategory).rejects.toThrow(ConfigError);
    await expect(onCategory).rejects.toThrow(/cannot read "category".*run \d+ was stored before route-bench recorded its reference fields/);
  });
});
