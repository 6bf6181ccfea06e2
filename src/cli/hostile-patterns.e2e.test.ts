import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/route-bench-process.js';

// On JavaScript's backtracking engine, (a+)+$ against 37 a's and a ! never returns, and ignores SIGINT.
const hostile = `${'a'.repeat(40)}!`;

const suite = `name: hostile-patterns
prompt: "{{q}}"
checks:
  - { type: regex, pattern: "(a+)+$" }
  - { type: json, schema: { type: string, pattern: "^(a+)+$" } }
models:
  cheap: { provider: replay, file: answers.jsonl, price: { input_mtok: 1, output_mtok: 2 } }
  frontier: { provider: replay, file: answers.jsonl, price: { input_mtok: 10, output_mtok: 20 } }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  routed: { router: rules, rules: [{ when: { matches: "(a+)+$" }, use: frontier }], default: cheap }
baseline: all-frontier
items:
  - { id: a, q: "${hostile}" }
  - { id: b, q: "plain" }
`;

describe('patterns against hostile text', () => {
  it('finish: a rule on the prompt and checks on the output run in linear time', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-patterns-'));
    writeFileSync(join(folder, 'suite.yaml'), suite);
    const answers = ['a', 'b'].flatMap((id) => ['cheap', 'frontier'].map((model) => JSON.stringify({ id, model, output: hostile })));
    writeFileSync(join(folder, 'answers.jsonl'), answers.join('\n'));
    const run = await runCli(['run', join(folder, 'suite.yaml'), '--db', join(folder, 'runs.db'), '--progress', 'none', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { configurations: Array<{ name: string; passRate: number }> };
    expect(report.configurations.map((configuration) => [configuration.name, configuration.passRate])).toEqual([
      ['all-frontier', 0],
      ['all-cheap', 0],
      ['routed', 0],
    ]);
  });
});
