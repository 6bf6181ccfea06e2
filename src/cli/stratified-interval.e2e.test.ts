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
