import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { runSuite } from '../runner/run-suite.js';
import { simulateStored } from '../offline/__fixtures__/stored-runs.js';
import { loadSuite } from '../suite/load-suite.js';
import type { ExternalSpec, ItemRouter, RoutingView } from '../types/index.js';
import { createExternalRouter } from './external.js';

const fixture = fileURLToPath(new URL('./__fixtures__/line-router.mjs', import.meta.url));
const models = ['cheap', 'frontier'];

const inputOf = (id: string, tags: string[], fields: Record<string, unknown> = {}): RoutingView =>
  ({ id, tags, fields, prompt: `Question ${id}: ${JSON.stringify(fields)}`, promptTokens: 7, turns: 1, lastTurn: `Question ${id}` });

/** A hang is a failure with a name, not a test that times out without saying why. */
function within<T>(promise: T | Promise<T>, milliseconds = 4000): Promise<T> {
  let timer: NodeJS.Timeout;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hung: no answer nor error within ${milliseconds} ms`)), milliseconds);
  });
  return Promise.race([Promise.resolve(promise), hang]).finally(() => clearTimeout(timer));
}

/** The error a promise rejects with (failing when it resolves). */
async function rejection(promise: unknown): Promise<Error> {
  try {
    await within(promise);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

async function withRouter<T>(spec: Partial<ExternalSpec>, use: (router: ItemRouter) => T | Promise<T>): Promise<T> {
  const router = createExternalRouter({ name: 'mine', kind: 'external', models, timeoutMs: 5000, ...spec });
  try {
    return await use(router);
  } finally {
    // A command ends when its stdin does: closing never waits out the 2 s grace before the kill.
    const started = Date.now();
    await within(router.close?.() ?? Promise.resolve(), 3000);
    expect(Date.now() - started).toBeLessThan(1000);
  }
}

const command = (...arguments_: string[]) => ({ command: [process.execPath, fixture, ...arguments_] });

describe('external router over HTTP', () => {
  let server: Server;
  let base: string;
  const requests: Array<{ method: string | undefined; contentType: string | undefined; body: unknown }> = [];

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        if (request.url === '/hang') return;
        if (request.url === '/half') {
          response.writeHead(200, { 'content-type': 'application/json' }).write('{"mo');
          return;
        }
        if (request.url === '/fail') {
          response.writeHead(500).end('boom: the router is down');
          return;
        }
        if (request.url === '/garbage') {
          response.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
          return;
        }
        const body = JSON.parse(text) as { tags: string[] };
        requests.push({ method: request.method, contentType: request.headers['content-type'], body });
        const model = request.url === '/ghost' ? 'ghost' : body.tags.includes('hard') ? 'frontier' : 'cheap';
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ model, confidence: 0.7 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs { id, prompt, tags, fields, models } and takes the model it answers', async () => {
    requests.length = 0;
    await withRouter({ url: `${base}/route` }, async (router) => {
      expect(await router.decide(inputOf('q1', ['hard'], { clause: 'indemnity' }))).toEqual({ model: 'frontier', reason: 'external' });
      expect(await router.decide(inputOf('q2', ['easy']))).toEqual({ model: 'cheap', reason: 'external' });
    });
    expect(requests).toHaveLength(2);
    expect(requests[0]).toEqual({
      method: 'POST',
      contentType: 'application/json',
      body: { id: 'q1', prompt: 'Question q1: {"clause":"indemnity"}', tags: ['hard'], fields: { clause: 'indemnity' }, models },
    });
    expect(Object.keys(requests[1]!.body as object)).toEqual(['id', 'prompt', 'tags', 'fields', 'models']);
  });

  it('refuses an unknown model, a body that is not JSON and an HTTP error, each as one clear UsageError', async () => {
    const ghost = await rejection(withRouter({ url: `${base}/ghost` }, (router) => router.decide(inputOf('q', []))));
    expect(ghost).toBeInstanceOf(UsageError);
    expect(ghost.message).toBe('external router of "mine" chose "ghost", not one of cheap, frontier');
    const garbage = await rejection(withRouter({ url: `${base}/garbage` }, (router) => router.decide(inputOf('q', []))));
    expect(garbage).toBeInstanceOf(UsageError);
    expect(garbage.message).toMatch(/answered something that is not JSON: <html>hello<\/html>/);
    const failed = await rejection(withRouter({ url: `${base}/fail` }, (router) => router.decide(inputOf('q', []))));
    expect(failed).toBeInstanceOf(UsageError);
    expect(failed.message).toMatch(/answered HTTP 500: boom: the router is down/);
  });

  it('gives up on a router that does not answer within timeout_ms, or cannot be reached', async () => {
    const started = Date.now();
    const slow = await rejection(withRouter({ url: `${base}/hang`, timeoutMs: 300 }, (router) => router.decide(inputOf('q', []))));
    expect(slow).toBeInstanceOf(UsageError);
    expect(slow.message).toMatch(/at http:\/\/127\.0\.0\.1:\d+\/hang cannot be reached/);
    // Headers in time, the body never finished.
    const half = await rejection(withRouter({ url: `${base}/half`, timeoutMs: 300 }, (router) => router.decide(inputOf('q', []))));
    expect(half).toBeInstanceOf(UsageError);
    expect(half.message).toMatch(/\/half cannot be reached/);
    expect(Date.now() - started).toBeLessThan(2500);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await rejection(withRouter({ url: `http://127.0.0.1:${port}/` }, (router) => router.decide(inputOf('q', []))));
    expect(refused).toBeInstanceOf(UsageError);
    expect(refused.message).toMatch(/cannot be reached/);
  });
});

describe('external router by command', () => {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-external-'));

  it('asks one JSON line per question, in order, also when questions overlap', async () => {
    const log = join(folder, 'questions.jsonl');
    const inputs = Array.from({ length: 20 }, (_, index) => inputOf(`q${index}`, [index % 3 === 0 ? 'hard' : 'easy'], { n: index }));
    const decisions = await withRouter(command('tags', log), (router) => within(Promise.all(inputs.map((input) => router.decide(input)))));
    expect(decisions.map((decision) => decision.model)).toEqual(inputs.map((input) => (input.tags.includes('hard') ? 'frontier' : 'cheap')));
    const questions = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(questions).toHaveLength(20);
    expect(questions[4]).toEqual({ id: 'q4', prompt: 'Question q4: {"n":4}', tags: ['easy'], fields: { n: 4 }, models });
  });

  it('runs the command without a shell: an item cannot run commands, nor can an argument', async () => {
    const marks = ['dollar', 'semicolon', 'backtick', 'argument'].map((name) => join(folder, `route-bench-pwned-${name}`));
    const fields = { clause: `$(touch ${marks[0]})`, note: `x; touch ${marks[1]}`, other: `\`touch ${marks[2]}\`` };
    const log = join(folder, 'shell.jsonl');
    const decision = await withRouter(command('tags', log, `; touch ${marks[3]}`, `$(touch ${marks[3]})`), (router) =>
      within(router.decide({ ...inputOf(`$(touch ${marks[0]})`, ['hard'], fields), prompt: `; touch ${marks[1]} && $(touch ${marks[0]})` })),
    );
    expect(decision.model).toBe('frontier');
    for (const mark of marks) expect(existsSync(mark), mark).toBe(false);
    // The arguments reached the program as they were written, one each; the question as one JSON line.
    const [arguments_, asked] = readFileSync(log, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(arguments_).toEqual({ extra: [`; touch ${marks[3]}`, `$(touch ${marks[3]})`] });
    expect(asked).toMatchObject({ id: `$(touch ${marks[0]})`, fields });
  });

  it('refuses an unknown model and an answer that is not JSON', async () => {
    const ghost = await rejection(withRouter(command('ghost'), (router) => router.decide(inputOf('q', []))));
    expect(ghost).toBeInstanceOf(UsageError);
    expect(ghost.message).toBe('external router of "mine" chose "ghost", not one of cheap, frontier');
    const garbage = await rejection(withRouter(command('garbage'), (router) => router.decide(inputOf('q', []))));
    expect(garbage).toBeInstanceOf(UsageError);
    expect(garbage.message).toBe('external router of "mine" answered something that is not JSON: model: cheap');
  });

  it('fails clearly, never hangs, when the command does not exist, exits early, or falls silent', async () => {
    const missing = await rejection(withRouter({ command: [join(folder, 'no-such-router')] }, (router) => router.decide(inputOf('q', []))));
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toMatch(/could not start .*no-such-router: .*ENOENT/);

    const atOnce = await rejection(withRouter(command('exit-after-0'), (router) => router.decide(inputOf('q', []))));
    expect(atOnce).toBeInstanceOf(UsageError);
    expect(atOnce.message).toMatch(/external router of "mine" exited \(code 3\)/);

    // What the command said on stderr before it died (a Python traceback's last lines) is in the message.
    const crashed = await rejection(withRouter({ command: [process.execPath, '-e', 'console.error("Traceback ..."); console.error("FileNotFoundError: model.pkl"); process.exit(2)'] },
      (router) => router.decide(inputOf('q', []))));
    expect(crashed.message).toBe('external router of "mine" exited (code 2) before answering: Traceback ... | FileNotFoundError: model.pkl');

    // Answers one question, exits; the next question (asked after the exit) must fail, not wait forever.
    await withRouter(command('exit-after-1'), async (router) => {
      expect((await within(router.decide(inputOf('q1', ['hard'])))).model).toBe('frontier');
      await new Promise((resolve) => setTimeout(resolve, 200));
      const second = await rejection(router.decide(inputOf('q2', [])));
      expect(second).toBeInstanceOf(UsageError);
      expect(second.message).toMatch(/exited \(code 3\)/);
      // And every later one.
      expect(await rejection(router.decide(inputOf('q3', [])))).toBeInstanceOf(UsageError);
    });

    // Two questions in flight, one answered before the exit: that one keeps its answer.
    await withRouter(command('exit-after-1'), async (router) => {
      const [first, second] = await within(Promise.allSettled([router.decide(inputOf('q1', [])), router.decide(inputOf('q2', []))]));
      expect(first).toEqual({ status: 'fulfilled', value: { model: 'cheap', reason: 'external' } });
      expect(second.status).toBe('rejected');
      expect((second as PromiseRejectedResult).reason).toBeInstanceOf(UsageError);
    });

    const started = Date.now();
    const silent = await rejection(withRouter({ ...command('silent'), timeoutMs: 300 }, (router) => router.decide(inputOf('q', []))));
    expect(silent).toBeInstanceOf(UsageError);
    expect(silent.message).toMatch(/did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('keeps answering while the command writes a lot to stderr', async () => {
    const inputs = Array.from({ length: 4 }, (_, index) => inputOf(`q${index}`, []));
    const decisions = await withRouter(command('stderr-flood'), async (router) => {
      const answers = [];
      for (const input of inputs) answers.push(await within(router.decide(input)));
      return answers;
    });
    expect(decisions.map((decision) => decision.model)).toEqual(['cheap', 'cheap', 'cheap', 'cheap']);
  });

  it('closes at once when the command has already exited', async () => {
    const router = createExternalRouter({ name: 'mine', kind: 'external', models, timeoutMs: 5000, ...command('exit-after-1') });
    await within(router.decide(inputOf('q', [])));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await within(router.close!());
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('a run with external configurations', () => {
  let server: Server;
  let folder: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'route-bench-external-run-'));
    server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        const { fields } = JSON.parse(text) as { fields: { clause: string } };
        response.end(JSON.stringify({ model: /indemn/i.test(fields.clause) ? 'frontier' : 'cheap' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const suiteText = (externals: string) => `name: external
prompt: "Clause: {{clause}}"
checks: [{ type: contains }]
models:
  frontier: { provider: mock, quality: 0.95, price: { input_mtok: 10, output_mtok: 30 } }
  cheap: { provider: mock, quality: 0.7, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
${externals}
seed: 3
items:
${Array.from({ length: 30 }, (_, index) => `  - { id: c${index}, clause: ${JSON.stringify(index % 5 === 0 ? `The party shall indemnify (${index}) $(touch ${join(folder, 'pwned')}); touch ${join(folder, 'pwned')}` : `The fee is due (${index})`)}, expected: "a${index}", tags: [${index % 3 === 0 ? 'hard' : 'easy'}] }`).join('\n')}
`;

  it('routes every item as the router says, by command and by URL, and simulates the same', async () => {
    const port = (server.address() as AddressInfo).port;
    writeFileSync(join(folder, 'suite.yaml'), suiteText(`  by-command: { router: external, command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(fixture)}, tags] }
  by-url: { router: external, url: "http://127.0.0.1:${port}/route" }`));
    const databasePath = join(folder, 'run.db');
    const outcome = await within(runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 4 }), 10_000);
    expect(outcome.status).toBe('complete');
    const database = new Database(databasePath, { readonly: true });
    const choices = (runId: number, configuration: string) =>
      database.prepare('SELECT item_id, model, route_reason FROM results WHERE run_id = ? AND configuration = ? ORDER BY CAST(substr(item_id, 2) AS INTEGER)').all(runId, configuration) as Array<{ item_id: string; model: string; route_reason: string }>;
    const byCommand = choices(outcome.runId, 'by-command');
    expect(byCommand.map((row) => row.model)).toEqual(Array.from({ length: 30 }, (_, index) => (index % 3 === 0 ? 'frontier' : 'cheap')));
    expect(new Set(byCommand.map((row) => row.route_reason))).toEqual(new Set(['external']));
    expect(choices(outcome.runId, 'by-url').map((row) => row.model)).toEqual(Array.from({ length: 30 }, (_, index) => (index % 5 === 0 ? 'frontier' : 'cheap')));
    const router = `{ router: external, command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(fixture)}, tags] }`;
    const simulated = await within(simulateStored({ databasePath, run: String(outcome.runId), router, name: 'simulated' }), 10_000);
    expect(choices(simulated.runId, 'simulated').map((row) => row.model)).toEqual(byCommand.map((row) => row.model));
    database.close();
    expect(existsSync(join(folder, 'pwned'))).toBe(false);
  });

  it('fails the run with the router\'s error when the command exits part way, and stops it', async () => {
    writeFileSync(join(folder, 'failing.yaml'), suiteText(`  by-command: { router: external, command: [${JSON.stringify(process.execPath)}, ${JSON.stringify(fixture)}, exit-after-5] }`));
    const databasePath = join(folder, 'failing.db');
    const error = await rejection(within(runSuite(await loadSuite(join(folder, 'failing.yaml')), { databasePath, concurrency: 4 }), 10_000));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toMatch(/external router of "by-command" exited \(code 3\)/);
    const database = new Database(databasePath, { readonly: true });
    expect(database.prepare('SELECT status FROM runs ORDER BY id DESC LIMIT 1').pluck().get()).toBe('failed');
    database.close();
  });
});
