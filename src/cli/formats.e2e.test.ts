import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const cli = join(here, '../../dist/route-bench.js');
const tinySuite = join(here, '__fixtures__/tiny-suite.yaml');

async function routeBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('a --format a command cannot render', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'route-bench-formats-')), 'f.db');

  for (const [command, args] of [
    ['estimate', ['estimate', tinySuite]],
    ['sweep', ['sweep', '--db', db, '--router', 'random']],
  ] as const) {
    for (const format of ['markdown', 'html']) {
      it(`${command} --format ${format}: exit 2, one error line naming the formats it has, nothing on stdout`, async () => {
        const result = await routeBench([...args, '--format', format]);
        expect(result.code).toBe(2);
        expect(result.stdout).toBe('');
        // One line, with the pointer to --help on it; never a stack trace.
        expect(result.stderr).toBe(`error: option '--format <format>' argument '${format}' is invalid. Allowed choices are table, json. (route-bench --help lists the commands)\n`);
      });
    }
  }
});
