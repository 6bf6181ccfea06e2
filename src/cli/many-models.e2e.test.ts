import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/route-bench-process.js';
import type { Report } from '../types/index.js';

/** The README's "Many models" example: six mock models on the contract-review items, a predictive router among them. */
const suite = 'datasets/contract-review/many-models.yaml';

describe('many models, from the command line', () => {
  let db: string;
  beforeAll(async () => {
    db = join(mkdtempSync(join(tmpdir(), 'route-bench-many-')), 'many.db');
    const run = await runCli(['run', suite, '--db', db, '--progress', 'none']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('over all 6 models');
  });

  it('the report: the n-gram predictive router keeps the frontier\'s quality for a fraction of its cost, above the hull of the six', async () => {
    const shown = await runCli(['report', '--db', db, '--format', 'json']);
    expect(shown.code, shown.stderr).toBe(0);
    const report = JSON.parse(shown.stdout) as Report;
    const predictive = report.configurations.find((each) => each.name === 'predictive')!;
    expect(predictive.nonInferiority).toBe('non-inferior');
    expect(predictive.costReduction!).toBeGreaterThan(20);
    expect(report.manyModels!.models).toHaveLength(6);
    expect(report.manyModels!.routers.find((each) => each.configuration === 'predictive')!.qualityOverHullPp!).toBeGreaterThan(20);
    expect(report.curves.map((curve) => [curve.configuration, curve.parameter])).toEqual([['predictive', 'lambda'], ['predictive-knn', 'lambda']]);
  });

  it('sweep --router predictive: a lambda per breakpoint from 0, the table headed lambda; --grid still taken', async () => {
    const swept = await runCli(['sweep', '--db', db, '--run', '1', '--router', '{ router: predictive, features: knn }', '--target-loss-pp', '1']);
    expect(swept.code, swept.stderr).toBe(0);
    expect(swept.stdout).toMatch(/^sweep of predictive on run 1: \d+ settings/);
    expect(swept.stdout).toMatch(/│\s+lambda │ frontier │/);
    expect(swept.stdout).toMatch(/target loss 1 pp: lambda = [\d.]+, chosen on \d+ calibration items/);
    const gridded = await runCli(['sweep', '--db', db, '--run', '1', '--router', 'predictive', '--grid', '0:2:0.5', '--format', 'json']);
    expect(gridded.code, gridded.stderr).toBe(0);
    const outcome = JSON.parse(gridded.stdout) as { parameterName: string; points: Array<{ parameter: number }> };
    expect(outcome.parameterName).toBe('lambda');
    expect(outcome.points.map((point) => point.parameter)).toEqual([0, 0.5, 1, 1.5, 2]);
  });

  it('a router sweep cannot vary refuses with one line', async () => {
    const refused = await runCli(['sweep', '--db', db, '--run', '1', '--router', 'oracle']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe('error: sweep varies the setting of a threshold, random or predictive router, not of "oracle"');
  });
});
