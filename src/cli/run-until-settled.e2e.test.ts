import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { peek, repositoryRoot, runCli, startCli, waitFor } from './__fixtures__/route-bench-process.js';

interface ReportJson {
  run: { items: number; status: string };
  configurations: Array<{ name: string; answers: number; missing: number; nonInferiority: string | null; qualityDeltaCi95Pp: [number, number] | null;
    settle?: { stoppedAfter: number; available: number; settled: boolean; intervalPp: [number, number]; looks: number } }>;
  headlines: Array<{ configuration: string; text: string }>;
  warnings: string[];
}

interface Replay {
  configurations: Array<{ configuration: string; stoppedAfter: number; settled: boolean; verdict: string; intervalPp: { lower: number; upper: number } }>;
}

/** The demo suite at a 3 pp margin, where the routed configuration settles part way. */
function demoAtMargin(folder: string, marginPp: number, extra = ''): string {
  const source = join(repositoryRoot, 'datasets/contract-review');
  copyFileSync(join(source, 'items.jsonl'), join(folder, 'items.jsonl'));
  const text = readFileSync(join(source, 'suite.yaml'), 'utf8').replace('margin_pp: 1.0', `margin_pp: ${marginPp}`).replace('configurations:\n', `configurations:\n${extra}`);
  const path = join(folder, 'suite.yaml');
  writeFileSync(path, text);
  return path;
}

const reportOf = async (db: string): Promise<ReportJson> => {
  const shown = await runCli(['report', '--db', db, '--format', 'json', '--resamples', '200']);
  expect(shown.code, shown.stderr).toBe(0);
  return JSON.parse(shown.stdout) as ReportJson;
};

describe('run --until-settled', () => {
  let folder: string;
  let suite: string;
  let live: string;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'route-bench-live-settle-'));
    suite = demoAtMargin(folder, 3);
    live = join(folder, 'live.db');
    const run = await runCli(['run', suite, '--until-settled', '--wave', '100', '--db', live, '--progress', 'none']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('stops once the verdict is settled, says where, and stopped where simulate says a run would have', async () => {
    const report = await reportOf(live);
    const routed = report.configurations.find((configuration) => configuration.name === 'routed')!;
    expect(routed.settle).toMatchObject({ settled: true, available: 1000 });
    expect(routed.settle!.stoppedAfter).toBeLessThan(1000);
    expect(routed.settle!.stoppedAfter % 100).toBe(0);
    expect(routed.nonInferiority).toBe('non-inferior');
    // The verdict's interval is the confidence sequence's, not a fixed-sample one looked at ten times.
    expect(routed.qualityDeltaCi95Pp).toEqual(routed.settle!.intervalPp);
    expect(report.run).toMatchObject({ status: 'complete', items: routed.settle!.stoppedAfter });
    expect(report.headlines[0]!.text).toMatch(new RegExp(`settled non-inferior after ${routed.settle!.stoppedAfter} of 1,000 items \\(anytime-valid interval .* after \\d+ looks, one every 100 items\\)`));
    // Only the items taken were paid for.
    expect(peek(live, "SELECT COUNT(*) FROM results WHERE configuration = 'routed'")).toBe(routed.settle!.stoppedAfter);
    expect(peek(live, 'SELECT COUNT(*) FROM settle_looks WHERE run_id = 1')).toBe(routed.settle!.looks);

    // The whole suite, then its replay: the same stopping point and interval as the live run.
    const full = join(folder, 'full.db');
    expect((await runCli(['run', suite, '--db', full, '--progress', 'none'])).code).toBe(0);
    const replayed = await runCli(['simulate', '--db', full, '--until-settled', '--wave', '100', '--format', 'json']);
    expect(replayed.code, replayed.stderr).toBe(0);
    const offline = (JSON.parse(replayed.stdout) as Replay).configurations.find((configuration) => configuration.configuration === 'routed')!;
    expect(offline.stoppedAfter).toBe(routed.settle!.stoppedAfter);
    expect(offline.intervalPp.lower).toBeCloseTo(routed.settle!.intervalPp[0], 9);
    expect(offline.intervalPp.upper).toBeCloseTo(routed.settle!.intervalPp[1], 9);
  });

  it('stops a configuration once it is settled while another goes on, with no gap in its numbers', async () => {
    const db = join(folder, 'two.db');
    const twoRouted = demoAtMargin(mkdtempSync(join(tmpdir(), 'route-bench-two-')), 3, '  same-as-frontier: { router: rules, rules: [{ when: { tags: [no-such-tag] }, use: cheap }], default: frontier }\n');
    const run = await runCli(['run', twoRouted, '--until-settled', '--wave', '50', '--db', db, '--progress', 'none']);
    expect(run.code, run.stderr).toBe(0);
    const report = await reportOf(db);
    const byName = new Map(report.configurations.map((configuration) => [configuration.name, configuration]));
    const early = byName.get('same-as-frontier')!;
    const routed = byName.get('routed')!;
    expect(early.settle!.settled).toBe(true);
    expect(early.settle!.stoppedAfter).toBeLessThan(routed.settle!.stoppedAfter);
    expect(early.answers).toBe(early.settle!.stoppedAfter);
    expect(early.missing).toBe(0);
    expect(byName.get('all-frontier')!.answers).toBe(routed.settle!.stoppedAfter);
    expect(report.warnings.join('\n')).not.toMatch(/same-as-frontier: .*missing/);
  });

  it('resumes a run killed part way: the same stop, no answer paid twice', async () => {
    const slow = demoAtMargin(mkdtempSync(join(tmpdir(), 'route-bench-kill-')), 3);
    const db = join(folder, 'killed.db');
    const first = startCli(['run', slow, '--until-settled', '--wave', '100', '--db', db, '--progress', 'none', '--concurrency', '4']);
    await waitFor(() => ((peek(db, 'SELECT COUNT(*) FROM results') as number | undefined) ?? 0) > 150, 'a wave and a half on disk');
    first.child.kill('SIGKILL');
    await first.finished;
    expect(peek(db, 'SELECT status FROM runs WHERE id = 1')).toBe('running');
    const resumed = await runCli(['run', '--resume', 'latest', '--db', db, '--progress', 'none']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const [again, once] = [await reportOf(db), await reportOf(live)];
    const settleOf = (report: ReportJson) => report.configurations.find((configuration) => configuration.name === 'routed')!.settle;
    expect(settleOf(again)).toEqual(settleOf(once));
    const database = new Database(db, { readonly: true });
    try {
      expect(database.prepare("SELECT cache_key FROM calls WHERE status = 'ok' GROUP BY cache_key HAVING COUNT(*) > 1").all()).toEqual([]);
    } finally {
      database.close();
    }
  });

  it('refuses what it cannot do in one line: shards, and --wave without --until-settled', async () => {
    const sharded = await runCli(['run', suite, '--until-settled', '--shard', '1/2', '--db', join(folder, 'x.db')]);
    expect(sharded.code).toBe(2);
    expect(sharded.stderr).toContain('run it unsharded');
    const wave = await runCli(['run', suite, '--wave', '10', '--db', join(folder, 'x.db')]);
    expect(wave.code).toBe(2);
    expect(wave.stderr).toContain('--wave shapes --until-settled');
  });
});
