import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
const thisFile = fileURLToPath(import.meta.url);

/**
 * The only files that may name the folder beside the repository: the helper
 * that lets a test skip (or, in CI, fail) when the optional data is absent,
 * and the command that imports that data for `npm run gsm8k`.
 */
const allowed = new Set(['src/__fixtures__/shared-data.ts', 'bench/gsm8k/import.mjs']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'data' ? [] : sourceFiles(path);
    return /\.(ts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

describe('a clone of the repository alone', () => {
  // A fresh clone has no ../shared beside it: a test that reads from there fails for every new user.
  it('has every file its tests need, apart from the optional shared data behind its helper', () => {
    const outside = /shared\/(fixtures|data)\b/;
    const offenders = [...sourceFiles(join(repositoryRoot, 'src')), ...sourceFiles(join(repositoryRoot, 'bench'))]
      .filter((path) => path !== thisFile)
      .map((path) => relative(repositoryRoot, path).split('\\').join('/'))
      .filter((path) => !allowed.has(path) && outside.test(readFileSync(join(repositoryRoot, path), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

const gsm8kTestFiles = ['src/checks/numeric.gsm8k.test.ts', 'src/cli/gsm8k.e2e.test.ts'];

/** Runs the GSM8K test files in a child vitest, with the replay data pointed at an empty folder. */
async function runGsm8kTestsWithoutData(requireSharedData: boolean): Promise<{ code: number; output: string; missingFolder: string }> {
  const missingFolder = join(mkdtempSync(join(tmpdir(), 'route-bench-no-shared-data-')), 'gsm8k-replay');
  const env: NodeJS.ProcessEnv = { ...process.env, ROUTE_BENCH_GSM8K_DIR: missingFolder, NO_COLOR: '1', FORCE_COLOR: '0' };
  delete env.ROUTE_BENCH_REQUIRE_SHARED_DATA;
  if (requireSharedData) env.ROUTE_BENCH_REQUIRE_SHARED_DATA = '1';
  const vitest = join(repositoryRoot, 'node_modules/vitest/vitest.mjs');
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [vitest, 'run', ...gsm8kTestFiles], { cwd: repositoryRoot, env });
    return { code: 0, output: stdout + stderr, missingFolder };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, output: (failed.stdout ?? '') + (failed.stderr ?? ''), missingFolder };
  }
}

describe('tests that need the optional GSM8K replay data', () => {
  it('say that they were skipped, and why, when the data is absent', async () => {
    const { code, output, missingFolder } = await runGsm8kTestsWithoutData(false);
    expect(code, output).toBe(0);
    expect(output).toMatch(/Tests\s+\d+ skipped/);
    expect(output).not.toMatch(/\d+ passed/);
    // One warning per file, naming the folder and how to provide it.
    const warnings = output.split('\n').filter((line) => line.includes(`skipped: ${missingFolder} is missing`));
    expect(warnings, output).toHaveLength(gsm8kTestFiles.length);
    for (const warning of warnings) expect(warning).toContain('ROUTE_BENCH_GSM8K_DIR');
  });

  it('fail instead when ROUTE_BENCH_REQUIRE_SHARED_DATA=1 (CI, which has the data)', async () => {
    const { code, output, missingFolder } = await runGsm8kTestsWithoutData(true);
    expect(code, output).toBe(1);
    expect(output).toMatch(/Tests\s+\d+ failed/);
    expect(output).not.toMatch(/\d+ skipped/);
    expect(output).toContain(`ROUTE_BENCH_REQUIRE_SHARED_DATA=1, but ${missingFolder} is missing`);
  });
});
