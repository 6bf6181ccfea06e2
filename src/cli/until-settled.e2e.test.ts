import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/route-bench-process.js';

interface Replay {
  items: number;
  configurations: Array<{ configuration: string; stoppedAfter: number; settled: boolean; verdict: string; costUsd: { taken: number; all: number };
    trace: Array<{ items: number; lowerPp: number; upperPp: number }> }>;
}

describe('simulate --until-settled', () => {
  let db: string;
  beforeAll(async () => {
    db = join(mkdtempSync(join(tmpdir(), 'route-bench-settle-')), 'runs.db');
    expect((await runCli(['run', 'datasets/contract-review/suite.yaml', '--db', db, '--progress', 'none'])).code).toBe(0);
  });

  it('says where a run would have stopped with a settled verdict, and what it would have saved', async () => {
    const replayed = await runCli(['simulate', '--db', db, '--until-settled', '--margin-pp', '3', '--format', 'json']);
    expect(replayed.code, replayed.stderr).toBe(0);
    const replay = JSON.parse(replayed.stdout) as Replay;
    const [routed] = replay.configurations;
    expect(routed?.configuration).toBe('routed');
    expect(routed?.settled).toBe(true);
    expect(routed?.verdict).toBe('non-inferior');
    expect(routed!.stoppedAfter).toBeLessThan(replay.items);
    expect(routed!.stoppedAfter % 50).toBe(0);
    expect(routed!.costUsd.taken).toBeLessThan(routed!.costUsd.all);
    // The trace is every look up to the stop; the intervals only narrow (a running intersection).
    expect(routed!.trace.at(-1)!.items).toBe(routed!.stoppedAfter);
    for (let look = 1; look < routed!.trace.length; look++) {
      expect(routed!.trace[look]!.lowerPp).toBeGreaterThanOrEqual(routed!.trace[look - 1]!.lowerPp);
      expect(routed!.trace[look]!.upperPp).toBeLessThanOrEqual(routed!.trace[look - 1]!.upperPp);
    }
    // Only the last look clears the margin: the one before was not settled.
    expect(routed!.trace.at(-2)!.lowerPp).toBeLessThanOrEqual(-3);
    expect(routed!.trace.at(-1)!.lowerPp).toBeGreaterThan(-3);
  });

  it('at a margin the items cannot settle, takes them all and says so', async () => {
    const replayed = await runCli(['simulate', '--db', db, '--until-settled', '--margin-pp', '0.5']);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/routed +│ +1000 of 1000 │ not settled/);
  });

  it('refuses --router with --until-settled, and neither, in one line', async () => {
    const both = await runCli(['simulate', '--db', db, '--until-settled', '--router', 'oracle']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('drop --router');
    const neither = await runCli(['simulate', '--db', db]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--router SPEC');
  });
});
