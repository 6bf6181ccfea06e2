import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer, type ReceivedRequest, type Reply } from '../providers/__fixtures__/fake-server.js';
import { runCli, type Finished } from './__fixtures__/route-bench-process.js';

// The variable's name says nothing of a secret: only the suite naming it makes it one.
const variable = 'RB_PLANTED';
const key = 'sk-planted-7f3a9c-everywhere';
const env = { [variable]: key };

/** Every path a key can take back to the tool: an answer, a judge's reason, an error body. */
function reply(request: ReceivedRequest): Reply {
  const echo = request.headers.authorization ?? '';
  const body = JSON.parse(request.bodyText) as { model: string; messages: Array<{ content: string }> };
  const asked = body.messages.map((message) => message.content).join(' ');
  if (asked.includes('refuse me')) {
    return { status: 400, body: JSON.stringify({ error: { message: `Invalid request from ${echo}`, type: 'invalid_request_error', code: null } }) };
  }
  const content = body.model === 'judge-model' ? JSON.stringify({ verdict: 'pass', score: 1, reason: `the grader saw ${echo}` }) : `Hello, ${echo}`;
  return {
    status: 200,
    body: JSON.stringify({ id: 'c', object: 'chat.completion', model: body.model, choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 } }),
  };
}

const model = (name: string, port: number, extra = '') => `  ${name}:
    provider: openai
    model: ${name === 'judge' ? 'judge-model' : 'm'}
    base_url: http://127.0.0.1:${port}/v1
    api_key_env: ${variable}
    max_attempts: 1
    price: { input_mtok: 1, output_mtok: 2 }${extra}
`;

function suiteText(port: number, routerModelExtra = ''): string {
  return `name: planted
prompt: "{{q}}"
checks:
  - { type: contains, value: Hello }
  - { type: custom, module: check.mjs }
  - { type: llm-judge, model: judge }
models:
${model('cheap', port, routerModelExtra)}${model('frontier', port)}${model('judge', port)}configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  routed: { router: external, command: [node, router.mjs] }
baseline: all-frontier
items:
  - { id: a, q: "say hello", expected: Hello }
  - { id: b, q: "refuse me", expected: Hello }
`;
}

/** A custom check that says whether it can see the variable, and repeats the output (which carries the key). */
const checkModule = `export default (output) => ({ pass: true, reason: 'key in env: ' + ('${variable}' in process.env) + '; output: ' + output });\n`;
/** A router that dumps its environment to stderr, then dies before answering. */
const routerModule = `process.stderr.write(JSON.stringify(process.env) + '\\nkey in env: ' + ('${variable}' in process.env) + ', value ' + process.env.${variable} + '\\n');
process.exit(3);
`;

function everyFileIn(folder: string): string {
  return readdirSync(folder).filter((name) => !name.endsWith('.mjs') && !name.endsWith('.yaml'))
    .map((name) => readFileSync(join(folder, name)).toString('latin1')).join('\n');
}

describe('a planted key', () => {
  let server: FakeServer;
  let folder: string;
  const finished: Array<[string, Finished]> = [];
  const cli = async (name: string, args: string[], extraEnv: Record<string, string> = {}) => {
    const result = await runCli(args, { env: { ...env, ...extraEnv }, cwd: folder });
    finished.push([name, result]);
    return result;
  };

  beforeAll(async () => {
    server = await startFakeServer(reply);
    folder = mkdtempSync(join(tmpdir(), 'route-bench-planted-'));
    writeFileSync(join(folder, 'check.mjs'), checkModule);
    writeFileSync(join(folder, 'router.mjs'), routerModule);
    const port = Number(new URL(server.origin).port);
    writeFileSync(join(folder, 'suite.yaml'), suiteText(port));
    writeFileSync(join(folder, 'shared.yaml'), suiteText(port, '\n    share_key: true'));
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reaches the server, and nothing the tool prints, stores or writes', async () => {
    const db = join(folder, 'runs.db');
    const run = await cli('run', ['run', 'suite.yaml', '--db', db, '--configs', 'all-cheap', '--progress', 'lines']);
    expect(run.code, run.stderr).toBe(0);
    // The router starts without the key; the run stops at it with the end of its stderr.
    const routed = await cli('run with the router', ['run', 'suite.yaml', '--db', db, '--progress', 'lines']);
    expect(routed.code).toBe(2);
    expect(routed.stderr).toContain('key in env: false, value undefined');
    // A model that shares its key: the router has it, and its dump is redacted.
    const shared = await cli('run sharing the key', ['run', 'shared.yaml', '--db', db, '--progress', 'lines']);
    expect(shared.code).toBe(2);
    expect(shared.stderr).toContain('key in env: true');
    expect(shared.stderr).toContain('key in env: true, value [redacted]');

    for (const format of ['table', 'json', 'markdown']) await cli(`report ${format}`, ['report', '--db', db, '--run', '1', '--format', format]);
    await cli('report html', ['report', '--db', db, '--run', '1', '--format', 'html', '--out', join(folder, 'report.html')]);
    for (const what of ['results', 'calls', 'summary']) {
      await cli(`export ${what}`, ['export', '--db', db, '--run', '1', '--what', what, '--format', 'jsonl']);
      await cli(`export ${what} csv`, ['export', '--db', db, '--run', '1', '--what', what, '--out', join(folder, `${what}.csv`)]);
    }
    await cli('gate', ['gate', '--db', db, '--run', '1', '--max-quality-loss-pp', '100', '--junit', join(folder, 'junit.xml')],
      { GITHUB_STEP_SUMMARY: join(folder, 'summary.md') });
    await cli('compare', ['compare', '1', '1', '--db', db]);

    // The key did travel to the server, and came back in answers, a judge's reason and an error body.
    expect(server.received.length).toBeGreaterThan(0);
    for (const received of server.received) expect(received.headers.authorization).toBe(`Bearer ${key}`);
    const results = await cli('export results to read', ['export', '--db', db, '--run', '1', '--what', 'results', '--format', 'jsonl']);
    expect(results.stdout).toContain('Hello, Bearer [redacted]');
    expect(results.stdout).toContain('the grader saw Bearer [redacted]');
    expect(results.stdout).toContain('key in env: false; output: Hello, Bearer [redacted]');
    const calls = await cli('export calls to read', ['export', '--db', db, '--run', '1', '--what', 'calls', '--format', 'jsonl']);
    expect(calls.stdout).toContain('Invalid request from Bearer [redacted]');

    for (const [name, result] of finished) {
      expect(result.stdout.includes(key), `the key in the stdout of ${name}`).toBe(false);
      expect(result.stderr.includes(key), `the key in the stderr of ${name}`).toBe(false);
    }
    expect(existsSync(join(folder, 'junit.xml'))).toBe(true);
    expect(everyFileIn(folder).includes(key), 'the key in a file the tool wrote (database, WAL, report, export, junit, summary)').toBe(false);
  });
});
