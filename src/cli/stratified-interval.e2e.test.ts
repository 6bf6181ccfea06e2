import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/route-bench-process.js';

interface Report {
  configurations: Array<{ name: string; qualityDeltaCi95Pp: [number, number] | null; nonInferior: boolean | null }>;
}

describe('--stratify on a small pilot', () => {
  it('never gives a narrower quality interval than Newcombe\'s, so one discordant item cannot make a verdict', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'route-bench-stratified-')), 'runs.db');
    // 50 items by tag: routed and the baseline differ on one item only.
    const run = await runCli(['run', 'datasets/contract-review/suite.yaml', '--db', db, '--sample', '50', '--sample-by-tag', '--progress', 'none']);
    expect(run.code, run.stderr).toBe(0);
    const read = async (extra: string[]) => {
      const report = await runCli(['report', '--db', db, '--format', 'json', ...extra]);
      return (JSON.parse(report.stdout) as Report).configurations.find((configuration) => configuration.name === 'routed')!;
    };
    const newcombe = await read([]);
    const stratified = await read(['--stratify']);
    expect(stratified.qualityDeltaCi95Pp![0]).toBeLessThanOrEqual(newcombe.qualityDeltaCi95Pp![0]);
    expect(stratified.qualityDeltaCi95Pp![1]).toBeGreaterThanOrEqual(newcombe.qualityDeltaCi95Pp![1]);
    // Newcombe's interval reaches below -margin here: no "non-inferior" either way.
    expect(newcombe.qualityDeltaCi95Pp![0]).toBeLessThan(-1);
    expect(stratified.nonInferior).not.toBe(true);
  });
});

describe('--repeat on a few items', () => {
  it('gives no verdict from five items that every sample passed: the interval is at least Newcombe\'s on the items', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'route-bench-repeat-')), 'runs.db');
    const run = await runCli(['run', 'datasets/contract-review/suite.yaml', '--db', db, '--limit', '5', '--repeat', '2', '--progress', 'none', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const routed = (JSON.parse(run.stdout) as Report).configurations.find((configuration) => configuration.name === 'routed')!;
    // Five items: Newcombe's interval spans about ±43 points, never the bootstrap's [0, 0].
    expect(routed.qualityDeltaCi95Pp![0]).toBeLessThan(-30);
    expect(routed.qualityDeltaCi95Pp![1]).toBeGreaterThan(30);
    expect(routed.nonInferior).toBe(false);
  });
});
