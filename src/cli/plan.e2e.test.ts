import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/route-bench-process.js';

const suite = 'datasets/contract-review/suite.yaml';

interface Plan {
  runId: number;
  marginPp: number;
  suiteItems: number | null;
  configurations: Array<{ configuration: string; pairedItems: number; discordant: number; needs: Array<{ power: number; items: number | null; costUsd: number | null }>; note: string }>;
}

describe('route-bench plan', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'route-bench-plan-'));
  });

  it('runs a pilot of the suite, then plans every routed configuration at each power, with its cost', async () => {
    const db = join(folder, 'pilot.db');
    const planned = await runCli(['plan', suite, '--pilot', '200', '--db', db, '--format', 'json']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stderr).toContain(`pilot of 200 items stored as run 1 in ${db}`);
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan.suiteItems).toBe(1000);
    const [routed] = plan.configurations;
    expect(routed?.configuration).toBe('routed');
    expect(routed?.pairedItems).toBe(200);
    expect(routed?.needs.map((need) => need.power)).toEqual([0.8, 0.9]);
    const [at80, at90] = routed!.needs;
    expect(at80!.items).toBeGreaterThan(0);
    expect(at90!.items).toBeGreaterThan(at80!.items!);
    expect(at80!.costUsd).toBeGreaterThan(0);
  });

  it('says plainly when the suite is too small for the margin, and what margin it can show', async () => {
    const db = join(folder, 'full.db');
    expect((await runCli(['run', suite, '--db', db, '--progress', 'none'])).code).toBe(0);
    const planned = await runCli(['plan', '--db', db, '--margin-pp', '0.3']);
    expect(planned.code, planned.stderr).toBe(0);
    expect(planned.stdout).toMatch(/routed: this suite cannot show non-inferiority at 0\.3 pp: it needs ~[\d,]+ items, or a \d+\.\d pp margin/);
    const enough = await runCli(['plan', '--db', db, '--format', 'json']);
    expect((JSON.parse(enough.stdout) as Plan).configurations[0]!.note).toContain("the suite's 1,000 items are enough");
  });

  it('refuses a suite without --pilot, and --pilot without a suite, in one line each', async () => {
    const withoutPilot = await runCli(['plan', suite, '--db', join(folder, 'x.db')]);
    expect(withoutPilot.code).toBe(2);
    expect(withoutPilot.stderr.trim().split('\n')).toHaveLength(1);
    expect(withoutPilot.stderr).toContain('add --pilot N');
    const withoutSuite = await runCli(['plan', '--pilot', '10', '--db', join(folder, 'x.db')]);
    expect(withoutSuite.code).toBe(2);
    expect(withoutSuite.stderr).toContain('--pilot runs a suite');
  });
});
