import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { repositoryRoot, runCli } from './__fixtures__/route-bench-process.js';

// The replay data lies beside the repository and is never copied into it (see its README).
const dataFolder = process.env.ROUTE_BENCH_GSM8K_DIR ?? join(repositoryRoot, '../shared/data/gsm8k-replay');
const hasData = existsSync(dataFolder);
if (!hasData) console.warn(`gsm8k.e2e: skipped, the replay data is not at ${dataFolder}`);

interface ConfigurationJson {
  name: string;
  items: number;
  answers: number;
  ungraded: number;
  missing: number;
  passRate: number;
  spentUsd: number;
}

describe('GSM8K replay, end to end', () => {
  it.skipIf(!hasData)(`reproduces the published figures of ${dataFolder} without a call`, async () => {
    await promisify(execFile)(process.execPath, [join(repositoryRoot, 'bench/gsm8k/convert.mjs')], { cwd: repositoryRoot });
    const databasePath = join(mkdtempSync(join(tmpdir(), 'route-bench-gsm8k-')), 'gsm8k.db');
    const run = await runCli(['run', 'bench/gsm8k/suite.yaml', '--db', databasePath, '--format', 'json', '--progress', 'none']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);

    const report = JSON.parse(run.stdout) as { run: { status: string; items: number; calls: number; spentUsd: number };
      configurations: ConfigurationJson[] };
    expect(report.run).toMatchObject({ status: 'complete', items: 1319, calls: 0, spentUsd: 0 });
    const byName = new Map(report.configurations.map((configuration) => [configuration.name, configuration]));
    for (const [name, passed] of [['all-gpt-4', 1130], ['all-mixtral', 842]] as const) {
      const configuration = byName.get(name);
      expect(configuration, name).toMatchObject({ items: 1319, answers: 1319, ungraded: 0, missing: 0, spentUsd: 0 });
      expect(Math.round(configuration!.passRate * 1319), name).toBe(passed);
      expect(configuration!.passRate).toBeCloseTo(passed / 1319, 12);
    }

    const database = new Database(databasePath, { readonly: true });
    try {
      const passes = database
        .prepare(`SELECT configuration, SUM(status = 'pass') AS passed, COUNT(*) AS results FROM results
          WHERE run_id = 1 AND configuration IN ('all-gpt-4', 'all-mixtral') GROUP BY configuration ORDER BY configuration`)
        .all();
      expect(passes).toEqual([
        { configuration: 'all-gpt-4', passed: 1130, results: 1319 },
        { configuration: 'all-mixtral', passed: 842, results: 1319 },
      ]);
      const agreement = database
        .prepare(`SELECT SUM(g.status = 'pass' AND m.status = 'pass') AS both_correct,
            SUM(g.status = 'pass' AND m.status = 'fail') AS only_gpt4,
            SUM(g.status = 'fail' AND m.status = 'pass') AS only_mixtral,
            SUM(g.status = 'fail' AND m.status = 'fail') AS neither,
            COUNT(*) AS items
          FROM results g JOIN results m ON m.run_id = g.run_id AND m.item_id = g.item_id AND m.sample = g.sample
          WHERE g.run_id = 1 AND g.configuration = 'all-gpt-4' AND m.configuration = 'all-mixtral'`)
        .get();
      expect(agreement).toEqual({ both_correct: 747, only_gpt4: 383, only_mixtral: 95, neither: 94, items: 1319 });
      // A replay makes no call and pays nothing.
      expect(database.prepare('SELECT COUNT(*) FROM calls').pluck().get()).toBe(0);
      expect(database.prepare('SELECT SUM(spent_usd) FROM results WHERE run_id = 1').pluck().get()).toBe(0);
      expect(database.prepare('SELECT COUNT(*) FROM items WHERE run_id = 1').pluck().get()).toBe(1319);
    } finally {
      database.close();
    }
  });
});
