import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedResponse, refusedPort, startFakeServer, type FakeServer, type ReceivedRequest, type Reply } from '../providers/__fixtures__/fake-server.js';
import { runCli, type Finished } from './__fixtures__/route-bench-process.js';

const apiKey = 'sk-PLANTED-SECRET-1-abcdef';
const urlPassword = 'PLANTED-SECRET-2';
// Some providers take the key as a query parameter (Google's `?key=`).
const queryKey = 'PLANTED-SECRET-3-in-the-query';
const planted = [apiKey, urlPassword, queryKey, 'PLANTED-SECRET'];
const env = { ROUTE_BENCH_TEST_KEY: apiKey };

/** A server that, like too many real ones, repeats what it was sent in its errors. */
function reply(request: ReceivedRequest): Reply {
  const echo = `${request.headers.authorization ?? ''} ${request.path} ${request.bodyText}`;
  if (request.bodyText.includes('refuse me')) {
    return { status: 400, body: JSON.stringify({ error: { message: `Invalid request: ${echo}`, type: 'invalid_request_error', code: null } }) };
  }
  if (request.bodyText.includes('deny me')) {
    return { status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${echo}`, type: 'invalid_request_error', code: 'invalid_api_key' } }) };
  }
  if (request.bodyText.includes('break me')) {
    return { status: 500, headers: { 'retry-after-ms': '1' }, body: `upstream failed for ${echo}` };
  }
  return { status: 200, body: recordedResponse('openai.chat_completion.success.json') };
}

function suiteText(port: number, unreachablePort: number): string {
  return `name: secrets
prompt: "{{q}}"
checks: [{ type: contains }]
models:
  served:
    provider: openai
    model: gpt-test
    base_url: http://user:${urlPassword}@127.0.0.1:${port}/v1?key=${queryKey}
    api_key_env: ROUTE_BENCH_TEST_KEY
    max_attempts: 2
    timeout_ms: 5000
    price: { input_mtok: 1, output_mtok: 2 }
  unreachable:
    provider: openai
    model: gpt-test
    base_url: http://${urlPassword}@127.0.0.1:${unreachablePort}/v1?key=${queryKey}
    api_key_env: ROUTE_BENCH_TEST_KEY
    max_attempts: 1
    price: { input_mtok: 1, output_mtok: 2 }
configurations:
  all-served: { model: served }
  all-unreachable: { model: unreachable }
baseline: all-served
items:
  - { id: ok-1, q: "say hello", expected: "Hello" }
  - { id: ok-2, q: "say hello again", expected: "Hello" }
  - { id: refused, q: "refuse me", expected: "Hello" }
  - { id: broken, q: "break me", expected: "Hello" }
`;
}

function databaseText(databasePath: string): string {
  return ['', '-wal', '-shm', '-journal']
    .map((suffix) => `${databasePath}${suffix}`)
    .filter((path) => existsSync(path))
    .map((path) => readFileSync(path).toString('latin1'))
    .join('\n');
}

function expectNoSecret(text: string, where: string): void {
  for (const secret of planted) expect(text.includes(secret), `"${secret}" in ${where}`).toBe(false);
}

describe('secrets, end to end', () => {
  let server: FakeServer;
  let folder: string;
  let suitePath: string;
  let unreachablePort: number;

  beforeAll(async () => {
    server = await startFakeServer(reply);
    folder = mkdtempSync(join(tmpdir(), 'route-bench-secrets-'));
    suitePath = join(folder, 'suite.yaml');
    unreachablePort = await refusedPort();
    writeFileSync(suitePath, suiteText(Number(new URL(server.origin).port), unreachablePort));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('uses the key, and writes neither it, the base_url password nor a base_url query value to the database, stdout or stderr', async () => {
    const databasePath = join(folder, 'secrets.db');
    const outputs: Array<[string, Finished]> = [];
    const command = async (name: string, args: string[]) => {
      const finished = await runCli(args, { env });
      outputs.push([name, finished]);
      expectNoSecret(databaseText(databasePath), `the database after ${name}`);
      return finished;
    };

    const run = await command('run --format json', ['run', suitePath, '--db', databasePath, '--progress', 'lines', '--format', 'json']);
    expect(run.code).toBe(0);
    await command('run (table)', ['run', suitePath, '--db', databasePath, '--progress', 'lines', '--no-cache']);
    const json = await command('report --format json', ['report', '--db', databasePath, '--format', 'json']);
    expect(json.code).toBe(0);
    const table = await command('report', ['report', '--db', databasePath]);
    expect(table.code).toBe(0);
    const validate = await command('validate', ['validate', suitePath]);
    expect(validate.code).toBe(0);
    await command('estimate', ['estimate', suitePath, '--db', databasePath]);
    // A failure printed as an error line (with --debug, its stack too).
    await command('run --resume of a complete run', ['--debug', 'run', '--resume', 'latest', '--db', databasePath]);
    // A 401 stops the run with the provider's message, which echoes the key back.
    const deniedSuite = join(folder, 'denied.yaml');
    writeFileSync(deniedSuite, readFileSync(suitePath, 'utf8').replace(/items:[\s\S]*$/, 'items:\n  - { id: denied, q: "deny me", expected: "Hello" }\n'));
    const denied = await command('run stopped by a 401', ['--debug', 'run', deniedSuite, '--db', databasePath, '--configs', 'all-served']);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toContain('HTTP 401: Incorrect API key provided: Bearer [redacted]');
    // A model that refuses connections stops the run with one line naming its base URL, which is stored as the run's error.
    const stoppedSuite = join(folder, 'stopped.yaml');
    writeFileSync(stoppedSuite, readFileSync(suitePath, 'utf8').replace('    max_attempts: 1\n', '    max_attempts: 1\n    down_after_failures: 1\n    down_after_ms: 0\n'));
    const stopped = await command('run stopped by a refused connection', ['run', stoppedSuite, '--db', databasePath, '--configs', 'all-unreachable']);
    expect(stopped.code).toBe(2);
    const unreachableAt = `http://127.0.0.1:${unreachablePort}/v1?key=[redacted]`;
    expect(stopped.stderr).toContain(`"unreachable" at ${unreachableAt} is not answering`);
    for (const [name, finished] of outputs) {
      expectNoSecret(finished.stdout, `stdout of ${name}`);
      expectNoSecret(finished.stderr, `stderr of ${name}`);
    }

    // The key was sent, as a bearer token: the Authorization header wins over the URL's user info.
    expect(server.received.length).toBeGreaterThan(0);
    for (const received of server.received) {
      expect(received.headers.authorization).toBe(`Bearer ${apiKey}`);
      expect(received.path).toBe(`/v1/chat/completions?key=${queryKey}`);
    }

    // The errors were stored, redacted, and the server's echo of the key did reach the client.
    const database = new Database(databasePath, { readonly: true });
    const calls = database
      .prepare("SELECT item_id, model_name, status, http_status, error FROM calls WHERE run_id = 1 ORDER BY item_id, model_name, attempt")
      .all() as Array<{ item_id: string; model_name: string; status: string; http_status: number | null; error: string | null }>;
    const settings = database.prepare('SELECT settings_json FROM models WHERE run_id = 1 ORDER BY name').pluck().all() as string[];
    const runErrors = database.prepare('SELECT error FROM runs WHERE error IS NOT NULL').pluck().all() as string[];
    database.close();
    const served = calls.filter((call) => call.model_name === 'served');
    expect(served.map((call) => [call.item_id, call.status, call.http_status])).toEqual([
      ['broken', 'error', 500],
      ['broken', 'error', 500],
      ['ok-1', 'ok', null],
      ['ok-2', 'ok', null],
      ['refused', 'error', 400],
    ]);
    expect(served.find((call) => call.item_id === 'refused')?.error).toContain('Invalid request: Bearer [redacted]');
    expect(served.find((call) => call.item_id === 'broken')?.error).toContain('upstream failed for Bearer [redacted]');
    const unreachable = calls.filter((call) => call.model_name === 'unreachable');
    expect(unreachable).toHaveLength(4);
    for (const call of unreachable) expect(call.error).toContain(`network error (ECONNREFUSED) calling http://127.0.0.1:${unreachablePort}/v1/chat/completions?key=[redacted]`);
    // The base URL is kept, without its credentials: the query keeps its parameter names.
    expect(settings.join('\n')).toContain(`"baseUrl":"${unreachableAt}"`);
    expect(runErrors.join('\n')).toContain(`at ${unreachableAt} is not answering`);
  });
});
