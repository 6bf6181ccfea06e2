import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const cli = join(here, '../../dist/route-bench.js');
const tinySuite = join(here, '__fixtures__/tiny-suite.yaml');
const brokenSuite = join(here, '__fixtures__/broken-suite.yaml');

async function routeBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

interface ConfigurationJson {
  name: string;
  items: number;
  passRate: number;
  costUsd: number;
  costPerItemUsd: number;
  costReduction: number;
  qualityDeltaPp: number | null;
  frontierShare: number;
}

describe('route-bench run, end to end', () => {
  it('runs, stores and reports numbers that match an independent computation', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-e2e-'));
    const db = join(folder, 'results.db');
    const result = await routeBench(['run', tinySuite, '--db', db, '--progress', 'none', '--format', 'json']);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { schemaVersion: number; baseline: string; run: { status: string; items: number }; configurations: ConfigurationJson[] };
    expect(report.schemaVersion).toBe(1);
    expect(report.run).toMatchObject({ status: 'complete', items: 5 });
    expect(report.baseline).toBe('all-big');

    // Independently: the prompt as the suite's template renders it, counted with the same tokenizer,
    // the outputs as stored, priced by hand.
    const database = new Database(db, { readonly: true });
    const items = database.prepare('SELECT item_id, fields_json FROM items ORDER BY position').all() as Array<{ item_id: string; fields_json: string }>;
    const outputs = database.prepare("SELECT configuration, item_id, output FROM results").all() as Array<{ configuration: string; item_id: string; output: string }>;
    const callCount = (database.prepare('SELECT COUNT(*) AS n FROM calls').get() as { n: number }).n;
    database.close();
    const prompts = new Map(items.map(({ item_id, fields_json }) => {
      const fields = JSON.parse(fields_json) as { clause: string; question: string };
      return [item_id, `Clause: ${fields.clause}\nQuestion: ${fields.question}`];
    }));
    const price = { big: [10, 30], small: [0.5, 1.5] } as const;
    const expectedCost = (configuration: string, modelOf: (itemId: string) => 'big' | 'small') =>
      outputs
        .filter((row) => row.configuration === configuration)
        .reduce((total, row) => {
          const [input, output] = price[modelOf(row.item_id)];
          return total + (countTokens(prompts.get(row.item_id)!) * input + countTokens(row.output) * output) / 1e6;
        }, 0);
    const hard = new Set(['c', 'e']);
    const byName = Object.fromEntries(report.configurations.map((configuration) => [configuration.name, configuration]));

    const big = byName['all-big']!;
    const small = byName['all-small']!;
    const routed = byName.routed!;
    expect(big.passRate).toBe(1);
    expect(small.passRate).toBeCloseTo(3 / 5, 12);
    expect(routed.passRate).toBe(1);
    expect(small.qualityDeltaPp).toBeCloseTo(-40, 9);
    expect(routed.qualityDeltaPp).toBeCloseTo(0, 9);
    expect(routed.frontierShare).toBeCloseTo(2 / 5, 12);
    expect(big.costUsd).toBeCloseTo(expectedCost('all-big', () => 'big'), 12);
    expect(small.costUsd).toBeCloseTo(expectedCost('all-small', () => 'small'), 12);
    expect(routed.costUsd).toBeCloseTo(expectedCost('routed', (id) => (hard.has(id) ? 'big' : 'small')), 12);
    expect(routed.costReduction).toBeCloseTo(big.costUsd / routed.costUsd, 9);
    expect(big.costPerItemUsd).toBeCloseTo(big.costUsd / 5, 12);
    // The routed configuration reuses the answers the other two already paid for.
    expect(callCount).toBe(10);

    const table = await routeBench(['report', '--db', db]);
    expect(table.code).toBe(0);
    // Five items all passed by both: no loss seen, but five items cannot show there is none (Newcombe's interval is ±43 points).
    expect(table.stdout).toMatch(/routed: \d+\.\dx cheaper than all-big \(95% CI [\d.]+–[\d.]+x\), quality 100\.0% vs 100\.0% \(\+0\.0 pp, 95% CI -43\.4 to \+43\.4\): inconclusive at the 1\.0 pp margin/);
  });

  it('lists every problem of a broken suite with line and column, exits 2, and shows no stack trace', async () => {
    const result = await routeBench(['run', brokenSuite, '--db', join(tmpdir(), 'never-created.db')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    const problems = lines.filter((line) => line.startsWith('error: '));
    for (const line of problems) expect(line).toMatch(/broken-suite\.yaml:\d+:\d+: /);
    const text = result.stderr;
    expect(text).toContain('unknown check type "exct" (did you mean "exact"?)');
    expect(text).toMatch(/checks\[1\]\.pattern: .*regular expression/i);
    expect(text).toContain('unknown key "qualty" (did you mean "quality"?)');
    expect(text).toContain('no known price for model "surely-no-such-model-xyz"');
    expect(text).toContain('unknown model "bigg" (did you mean "big"?)');
    expect(text).toContain('unknown model "small"');
    expect(text).toContain('duplicate id "a"');
    expect(text).toContain('lacks "missing_field"');
    expect(text).not.toMatch(/\n\s+at /);
    expect(problems.length).toBeGreaterThanOrEqual(8);
  });
});
