import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * Through the built CLI (`npm run build` first): an external router run as a command, which writes down every
 * question it gets, is never asked with an item's reference or a field only the grader reads, in `route-bench
 * run` nor in `route-bench simulate`; and a `simulate --router` rule on the reference is one located line, exit 2.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const cli = join(here, '../../dist/route-bench.js');
const lineRouter = join(here, '../routing/__fixtures__/line-router.mjs');

function routeBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const questionsIn = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);

describe('route-bench run and simulate: a router never sees the reference', () => {
  it('asks an external command with the input fields only, and refuses a rule on the reference in one line', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-view-e2e-'));
    const command = (log: string) => `[${JSON.stringify(process.execPath)}, ${JSON.stringify(lineRouter)}, tags, ${JSON.stringify(join(folder, log))}]`;
    writeFileSync(join(folder, 'suite.yaml'), `name: view
prompt: "Q: {{question}}"
checks:
  - { type: exact }
  - { type: llm-judge, model: judge, prompt: "{{answer}} against {{reference}}; {{gold_note}}" }
models:
  frontier: { provider: mock, quality: 0.9, price: { input_mtok: 10, output_mtok: 30 } }
  cheap: { provider: mock, quality: 0.5, price: { input_mtok: 1, output_mtok: 2 } }
  judge: { provider: mock, replies: ['{"verdict": "pass"}'], price: { input_mtok: 1, output_mtok: 1 } }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  mine: { router: external, command: ${command('live.jsonl')}, models: [cheap, frontier] }
items:
${Array.from({ length: 8 }, (_, index) => `  - { id: q${index}, question: "${index}+1?", topic: sums, expected: PLANTED-REF-${index}, gold_note: PLANTED-JUDGE-${index}, tags: [${index % 2 ? 'hard' : 'easy'}] }`).join('\n')}
`);
    const database = join(folder, 'results.db');
    const run = await routeBench(['run', join(folder, 'suite.yaml'), '--db', database, '--progress', 'none']);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const simulated = await routeBench(['simulate', '--db', database, '--name', 'again', '--router',
      `{ router: external, command: ${command('simulated.jsonl')}, models: [cheap, frontier] }`]);
    expect(simulated.code).toBe(0);
    for (const log of ['live.jsonl', 'simulated.jsonl']) {
      const questions = questionsIn(join(folder, log));
      expect(questions).toHaveLength(8);
      expect(questions.filter((question) => question.includes('PLANTED-'))).toEqual([]);
      expect(JSON.parse(questions[3]!)).toEqual({ id: 'q3', prompt: 'Q: 3+1?', tags: ['hard'], fields: { question: '3+1?', topic: 'sums' }, models: ['cheap', 'frontier'] });
    }

    const refused = await routeBench(['simulate', '--db', database, '--name', 'peek', '--router',
      '{ router: rules, rules: [{ when: { field: expected, matches: "REF-1$" }, use: frontier }], default: cheap }']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).not.toContain('\n    at ');
    expect(refused.stderr.trim().split('\n')).toEqual([
      'error: --router:1:43: rules[0].when.field: a rule cannot read "expected": no router sees what the checks read as a reference (expected, gold_note)',
    ]);
  });
});
