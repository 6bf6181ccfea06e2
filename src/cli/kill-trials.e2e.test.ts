import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { killPhase, killTrials, writeKillTrialSuite } from './__fixtures__/kill-trial.mjs';
import { runCli } from './__fixtures__/route-bench-process.js';

const trialCount = 22;
const itemCount = 250;
// Server errors carry no retry-after, so each costs a backoff of about half a second: a few keep a
// run in its tail long enough for kills to land there, more would make the trials slow.
const faults = '{ rate_limit: 0.05, server_error: 0.01, retry_after_ms: 1 }';
// 8 ms a call keeps the bulk of a run (about 500 calls, 16 at a time) a few hundred ms long, so kills land in it too.
const latency = { latencyMs: 8, latencyJitterMs: 4 };

describe('route-bench run killed at random moments, end to end', () => {
  it(`survives ${trialCount} SIGKILLs at seeded random moments: each resume ends in one whole run that paid each answer once`, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-kill-trials-'));
    const seed = 20_251_127;
    const { reference, trials } = await killTrials({ folder, itemCount, trials: trialCount, parallel: 3, seed, faults, ...latency });
    expect(reference.results.size).toBe(itemCount * 3);
    expect(reference.failedCalls, 'the faults were injected').toBeGreaterThan(0);

    expect(trials).toHaveLength(trialCount);
    for (const trial of trials) {
      expect(trial.problems, `trial ${trial.index} (seed ${trial.seed}): ${JSON.stringify(trial.events)}`).toEqual([]);
    }
    // The trials tested something: most processes died by the kill rather than finishing first, and some
    // kills landed in the middle of a run, with results on disk and more to come.
    const kills = trials.flatMap((trial) => trial.events).filter((event) => event.outcome === 'killed');
    expect(kills.length).toBeGreaterThanOrEqual(trialCount / 2);
    expect(kills.filter((event) => killPhase(event, itemCount * 3) === 'mid-run').length).toBeGreaterThan(0);
    // Kept when a trial fails, to look into.
    rmSync(folder, { recursive: true, force: true });
  }, 120_000);

  it('never marks a run stopped by its budget complete, warns in the report, and completes it when resumed with room', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-budget-'));
    const suitePath = writeKillTrialSuite(folder, { itemCount: 100, faults: '{ rate_limit: 0.05, retry_after_ms: 1 }' });
    const databasePath = join(folder, 'budget.db');
    const common = ['--db', databasePath, '--progress', 'none', '--format', 'json'];
    /** The run's results, and the number of items its row says it has: all of the suite's, however far it got. */
    const stored = () => {
      const database = new Database(databasePath, { readonly: true });
      try {
        return {
          results: database.prepare('SELECT COUNT(*) FROM results WHERE run_id = 1').pluck().get() as number,
          itemCount: database.prepare('SELECT item_count FROM runs WHERE id = 1').pluck().get() as number,
        };
      } finally {
        database.close();
      }
    };

    const stopped = await runCli(['run', suitePath, ...common, '--max-cost-usd', '0.01']);
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('run 1 stopped at the budget of $0.01');
    const report = JSON.parse(stopped.stdout) as { run: { status: string }; warnings: string[] };
    expect(report.run.status).toBe('budget_exhausted');
    expect(report.warnings).toContain('run 1 is budget_exhausted: some items have no result; numbers cover what finished');
    expect(stored().results).toBeLessThan(100 * 3);
    expect(stored().itemCount).toBe(100);

    // Resumed under the same budget, it stays short of complete.
    const again = await runCli(['run', '--resume', 'latest', ...common]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ run: { id: 1, status: 'budget_exhausted' } });
    expect(stored().results).toBeLessThan(100 * 3);
    expect(stored().itemCount).toBe(100);

    const resumed = await runCli(['run', '--resume', 'latest', ...common, '--max-cost-usd', '10']);
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ run: { id: 1, status: 'complete' }, warnings: expect.not.arrayContaining([expect.stringMatching(/budget_exhausted/)]) });
    expect(stored()).toEqual({ results: 100 * 3, itemCount: 100 });
  });
});
