import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/route-bench-process.js';

const long = `The answer is 4. ${'Reasoning goes on. '.repeat(5_000)}`;

const suite = `name: long-outputs
prompt: "{{q}}"
checks: [{ type: contains }]
models:
  cheap: { provider: replay, file: answers.jsonl, price: { input_mtok: 1, output_mtok: 2 } }
  frontier: { provider: replay, file: answers.jsonl, price: { input_mtok: 10, output_mtok: 20 } }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: frontier }], default: cheap }
baseline: all-frontier
items:
  - { id: a, q: "2+2?", expected: "4" }
  - { id: b, q: "3+3?", expected: "6", tags: [hard] }
`;

const answers = [
  { id: 'a', model: 'cheap', output: long },
  { id: 'a', model: 'frontier', output: 'It is 4.' },
  { id: 'b', model: 'cheap', output: 'It is 7.' },
  { id: 'b', model: 'frontier', output: long.replace('4', '6') },
];

describe('a long output', () => {
  it('is stored once however many configurations show it, and read back whole by every reader', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-outputs-'));
    writeFileSync(join(folder, 'suite.yaml'), suite);
    writeFileSync(join(folder, 'answers.jsonl'), answers.map((row) => JSON.stringify(row)).join('\n'));
    const db = join(folder, 'runs.db');
    const run = await runCli(['run', join(folder, 'suite.yaml'), '--db', db, '--progress', 'none']);
    expect(run.code, run.stderr).toBe(0);

    const database = new Database(db, { readonly: true });
    const stored = database.prepare('SELECT COUNT(*) AS rows, SUM(LENGTH(text)) AS chars FROM outputs').get() as { rows: number; chars: number };
    const inlineChars = database.prepare(`SELECT (SELECT COALESCE(SUM(LENGTH(output)), 0) FROM results) + (SELECT COALESCE(SUM(LENGTH(output)), 0) FROM calls)`)
      .pluck().get() as number;
    const holders = database.prepare('SELECT configuration FROM results WHERE output IS NULL AND output_hash IS NOT NULL ORDER BY configuration, item_id').pluck().all();
    database.close();
    // Two long outputs, each once; a's is shown by all-cheap and routed, b's by all-frontier and routed.
    expect(stored.rows).toBe(2);
    expect(stored.chars).toBe(long.length * 2);
    expect(inlineChars).toBeLessThan(100);
    expect(holders).toEqual(['all-cheap', 'all-frontier', 'routed', 'routed']);

    const exported = await runCli(['export', '--db', db, '--what', 'results', '--format', 'jsonl']);
    const rows = exported.stdout.trim().split('\n').map((line) => JSON.parse(line) as { configuration: string; item_id: string; output: string; status: string });
    const routedA = rows.find((row) => row.configuration === 'routed' && row.item_id === 'a');
    expect(routedA?.output).toBe(long);
    expect(routedA?.status).toBe('pass');
    // A simulation copies the stored answers, and a model replayed from the run reads them.
    const simulated = await runCli(['simulate', '--db', db, '--router', '{ router: oracle }', '--name', 'best']);
    expect(simulated.code, simulated.stderr).toBe(0);
    const copy = await runCli(['export', '--db', db, '--run', '2', '--what', 'results', '--format', 'jsonl']);
    expect(copy.stdout).toContain(JSON.stringify(long));
  });
});
