import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { describeWithSharedData, gsm8kReplayData } from '../__fixtures__/shared-data.js';
import { repositoryRoot, runCli } from './__fixtures__/route-bench-process.js';

// The replay data lies beside the repository and is never copied into it (see its README).
const data = gsm8kReplayData();

interface ConfigurationJson {
  name: string;
  items: number;
  answers: number;
  ungraded: number;
  missing: number;
  passRate: number;
  spentUsd: number;
}

describeWithSharedData('GSM8K replay, end to end', data, () => {
  it(`reproduces the published figures of ${data.folder} without a call`, async () => {
    await promisify(execFile)(process.execPath, [join(repositoryRoot, 'bench/gsm8k/import.mjs')], { cwd: repositoryRoot });
    const databasePath = join(mkdtempSync(join(tmpdir(), 'route-bench-gsm8k-')), 'gsm8k.db');
    const run = await runCli(['run', 'bench/gsm8k/suite.yaml', '--db', databasePath, '--format', 'json', '--progress', 'none']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);

    const report = JSON.parse(run.stdout) as { run: { status: string; items: number; calls: number; spentUsd: number };
      configurations: ConfigurationJson[]; oracle: { quality: number; frontierShare: number } };
    expect(report.run).toMatchObject({ status: 'complete', items: 1319, calls: 0, spentUsd: 0 });
    const byName = new Map(report.configurations.map((configuration) => [configuration.name, configuration]));
    for (const [name, passed] of [['all-gpt-4', 1130], ['all-mixtral', 842]] as const) {
      const configuration = byName.get(name);
      expect(configuration, name).toMatchObject({ items: 1319, answers: 1319, ungraded: 0, missing: 0, spentUsd: 0 });
      expect(Math.round(configuration!.passRate * 1319), name).toBe(passed);
      expect(configuration!.passRate).toBeCloseTo(passed / 1319, 12);
    }

    // The README's oracle: 92.87% quality sending 383 items (29.0%) to gpt-4; as a run-level point and as a configuration.
    expect(report.oracle.quality).toBeCloseTo((747 + 383 + 95) / 1319, 12);
    expect(Math.round(report.oracle.frontierShare * 1319)).toBe(383);
    expect(byName.get('oracle')!.passRate).toBeCloseTo((747 + 383 + 95) / 1319, 12);
    expect(Math.round((byName.get('oracle') as unknown as { frontierShare: number }).frontierShare * 1319)).toBe(383);
    // The random router's APGR is 0.5 by construction; its swept curve over 1,319 items lands within sampling error.
    const random = byName.get('random-30') as unknown as { apgr: number; cpt50: number };
    expect(random.apgr).toBeGreaterThan(0.45);
    expect(random.apgr).toBeLessThan(0.55);
    // The learned router is reported on the same scale, beside them.
    const learned = byName.get('learned') as unknown as { apgr: number | null; aiq: number | null };
    expect(learned.apgr).not.toBeNull();
    expect(learned.aiq).not.toBeNull();

    // A sweep of the learned router with a target loss: chosen on half the items, reported on the other half.
    const sweep = await runCli(['sweep', '--db', databasePath, '--run', '1', '--router', 'threshold', '--grid', '0:1:0.01', '--target-loss-pp', '10', '--format', 'json']);
    expect(sweep.code).toBe(0);
    const curve = JSON.parse(sweep.stdout) as { points: Array<{ frontierShare: number; quality: number }>;
      target: { calibrationItems: number; heldOutItems: number; chosen: { heldOut: { quality: number } } | null } };
    expect(curve.points).toHaveLength(101);
    expect(curve.points[0]!.quality).toBeCloseTo(1130 / 1319, 12);
    expect(curve.points.at(-1)!.quality).toBeCloseTo(842 / 1319, 12);
    expect(curve.target.calibrationItems + curve.target.heldOutItems).toBe(1319);
    expect(curve.target.chosen).not.toBeNull();

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
