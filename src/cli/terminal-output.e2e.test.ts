import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repositoryRoot, runCli } from './__fixtures__/route-bench-process.js';

const script = spawnSync('script', ['--version']).status === 0;
if (!script) console.warn('terminal output test skipped: util-linux `script` (for a pseudo-terminal) is not installed');

/** A tag and an item id with an escape sequence and a right-to-left override, as a hostile dataset writes them. */
const suite = `name: hostile-names
prompt: "{{q}}"
checks: [{ type: contains }]
models:
  cheap: { provider: mock, quality: 0.5, price: { input_mtok: 1, output_mtok: 2 } }
  frontier: { provider: mock, quality: 1, price: { input_mtok: 10, output_mtok: 20 } }
configurations:
  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  routed: { router: rules, rules: [{ when: { tags: ["hard\\u001b[31m\\u202e"] }, use: frontier }], default: cheap }
baseline: all-frontier
items:
  - { id: "a\\u202egnp.exe", q: "2+2", expected: "4", tags: ["hard\\u001b[31m\\u202e"] }
  - { id: b, q: "3+3", expected: "6" }
`;

describe.skipIf(!script)('printed on a terminal', () => {
  it('a tag or an id cannot colour, move or reorder what the tool prints', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-terminal-'));
    writeFileSync(join(folder, 'suite.yaml'), suite);
    const db = join(folder, 'runs.db');
    const run = await runCli(['run', join(folder, 'suite.yaml'), '--db', db, '--progress', 'none']);
    expect(run.code, run.stderr).toBe(0);
    // Through a pseudo-terminal, as a person sees it; piped, the same bytes go out as stored (tested elsewhere).
    for (const args of [['export', '--db', db, '--what', 'results'], ['export', '--db', db, '--what', 'results', '--format', 'jsonl']]) {
      const command = [process.execPath, cliPath, ...args].map((part) => `'${part}'`).join(' ');
      const shown = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: repositoryRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(shown.status, shown.stdout).toBe(0);
      expect(shown.stdout).toContain('agnp.exe');
      expect(shown.stdout).not.toMatch(/\u001b|\u202e/);
    }
  });
});
