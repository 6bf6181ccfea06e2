import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const execute = promisify(execFile);
const cli = fileURLToPath(new URL('../../dist/route-bench.js', import.meta.url));

async function routeBench(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execute(process.execPath, [cli, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

// 40 items, a quarter hard; the cheap model fails every hard item; routed sends hard items to big.
function suite(smallHardQuality: number, gate = ''): string {
  const items = Array.from({ length: 40 }, (_, index) => `  - { id: ${index}, q: "question ${index}", expected: "a${index}", tags: [${index % 4 === 0 ? 'hard' : 'easy'}] }`);
  return `name: gated
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 1, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: { default: 1, hard: ${smallHardQuality} }, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  routed: { router: rules, rules: [{ when: { tags: [easy] }, use: small }], default: small }
baseline: all-big
# Forty items tied can show no loss beyond 10 points, not beyond 1 (the interval is ±8.8 points).
margin_pp: 10
${gate}
items:
${items.join('\n')}
`;
}

describe('route-bench gate', () => {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-gate-'));
  const db = join(folder, 'gate.db');

  beforeAll(async () => {
    // Run 1: routed sends everything to small, which fails the 10 hard items: -25 pp, about 9x cheaper.
    writeFileSync(join(folder, 'lossy.yaml'), suite(0, 'gate: { max_quality_loss_pp: 1 }'));
    expect((await routeBench(['run', join(folder, 'lossy.yaml'), '--db', db, '--progress', 'none'])).code).toBe(0);
    // Run 2: the same suite but the small model gets hard items right: no loss.
    writeFileSync(join(folder, 'good.yaml'), suite(1));
    expect((await routeBench(['run', join(folder, 'good.yaml'), '--db', db, '--progress', 'none'])).code).toBe(0);
  });

  it('fails (exit 1) on quality loss from the suite gate block, and prints measured value, threshold and verdict', async () => {
    const result = await routeBench(['gate', '--db', db, '--run', '1']);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')[0]).toBe('gate · run 1 · gated · complete');
    expect(result.stdout).toContain('FAIL  routed: quality change vs all-big: -25.00 pp (needs >= -1.00 pp)');
    expect(result.stdout).toContain('gate failed: 1 of 3 criteria do not hold');
    // Every line says how many answers are missing, and the answers themselves are a criterion, for the baseline too.
    expect(result.stdout).toContain('PASS  routed: answers missing or ungraded: 0 of 40 (0.0%) (needs <= 0%) [0 of 40 answers missing or ungraded]');
    expect(result.stdout).toContain('PASS  all-big (baseline): answers missing or ungraded: 0 of 40 (0.0%)');
  });

  it('passes (exit 0) when every criterion holds, and fails each criterion alone when it does not', async () => {
    expect((await routeBench(['gate', '--db', db, '--run', '2', '--max-quality-loss-pp', '1'])).code).toBe(0);
    expect((await routeBench(['gate', '--db', db, '--run', '2', '--min-cost-reduction', '2'])).code).toBe(0);
    expect((await routeBench(['gate', '--db', db, '--run', '2', '--min-cost-reduction', '50'])).code).toBe(1);
    expect((await routeBench(['gate', '--db', db, '--run', '1', '--require-non-inferior', '--resamples', '2000'])).code).toBe(1);
    const noLoss = await routeBench(['gate', '--db', db, '--run', '2', '--require-non-inferior', '--resamples', '2000']);
    expect(noLoss.code).toBe(0);
    expect(noLoss.stdout).toContain('PASS  routed: non-inferior at 10 pp');
  });

  it('compares with a baseline run on the items both share: suites that differ only in a model are compared, item by item', async () => {
    // Runs 1 and 2 differ in the suite's text (the cheap model's quality, the gate block), not in their items or checks.
    const regression = await routeBench(['gate', '--db', db, '--run', '1', '--baseline', '2', '--max-regression-pp', '1']);
    expect(regression.code, regression.stderr).toBe(1);
    expect(regression.stdout.split('\n')[1]).toBe('baseline run 2: 40 of 40 items shared (100%, needs >= 50%), 0 added, 0 removed, 0 changed; checks unchanged');
    expect(regression.stdout).toMatch(/FAIL {2}routed: pass rate change vs run 2: -25\.00 pp on 40 shared items/);
    const cost = await routeBench(['gate', '--db', db, '--run', '2', '--baseline', `${db}:1`, '--max-cost-increase-pct', '0', '--configs', 'all-big']);
    expect(cost.stdout).toMatch(/all-big: cost per answer change vs .*:/);
    expect((await routeBench(['gate', '--db', db, '--run', '2', '--baseline', '1', '--max-regression-pp', '1', '--min-shared', '1.5'])).code).toBe(2);
    expect((await routeBench(['gate', '--db', db, '--run', '2', '--min-shared', '0.5', '--max-quality-loss-pp', '1'])).stderr)
      .toBe('error: --min-shared is the share of items a baseline run must share: pass --baseline\n');
    // The same suite against itself: a report JSON as the baseline, nothing regressed.
    const reportFile = join(folder, 'report.json');
    writeFileSync(reportFile, (await routeBench(['report', '--db', db, '--run', '2', '--format', 'json', '--resamples', '100'])).stdout);
    expect((await routeBench(['gate', '--db', db, '--run', '2', '--baseline', reportFile, '--max-regression-pp', '0', '--max-cost-increase-pct', '0'])).code).toBe(0);
    // A report written before reports carried an item digest: totals, and only of the same suite content.
    const { items, ...older } = JSON.parse(readFileSync(reportFile, 'utf8')) as { items: { rows: unknown[] } };
    expect(items.rows).toHaveLength(40);
    const olderFile = join(folder, 'older-report.json');
    writeFileSync(olderFile, JSON.stringify(older));
    const totals = await routeBench(['gate', '--db', db, '--run', '2', '--baseline', olderFile, '--max-regression-pp', '0']);
    expect(totals.code, totals.stderr).toBe(0);
    expect(totals.stdout).toContain('PASS  routed: pass rate change vs');
    expect(totals.stdout).toContain('0.00 pp on all items');
    const otherSuite = await routeBench(['gate', '--db', db, '--run', '1', '--baseline', olderFile, '--max-regression-pp', '0']);
    expect(otherSuite.code).toBe(2);
    expect(otherSuite.stderr).toMatch(/^error: .* holds no item digest to compare shared items by .*\n$/);
    const brokenFile = join(folder, 'broken-report.json');
    writeFileSync(brokenFile, JSON.stringify({ ...older, items: { ...items, rows: [{ id: 1 }] } }));
    const broken = await routeBench(['gate', '--db', db, '--run', '2', '--baseline', brokenFile, '--max-regression-pp', '0']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^error: --baseline: .*broken-report\.json: items\.rows\.0\.id: .*\n$/);
  });

  it('writes JUnit XML and a Markdown step summary', async () => {
    const junit = join(folder, 'gate.xml');
    const summary = join(folder, 'summary.md');
    writeFileSync(summary, '');
    const result = await routeBench(['gate', '--db', db, '--run', '1', '--min-cost-reduction', '2', '--junit', junit], { GITHUB_STEP_SUMMARY: summary });
    expect(result.code).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="gated" tests="4" failures="1"');
    expect(xml).toMatch(/<failure message="-25\.00 pp, needs &gt;= -1\.00 pp"/);
    expect(readFileSync(summary, 'utf8')).toMatch(/### route-bench gate · gated · run 1: failed ❌ \(1 of 4\)/);
  });

  it('refuses a sweep run in report and gate (exit 2, one line): it holds only its curve, which export shows', async () => {
    const sweep = await routeBench(['sweep', '--db', db, '--run', '2', '--router', 'random', '--grid', '0:1:0.5']);
    expect(sweep.code, sweep.stderr).toBe(0);
    const sweepRunId = /stored as run (\d+)/.exec(sweep.stdout)![1]!;
    const says = `error: run ${sweepRunId} is a sweep: it holds only its cost-quality curve, no answers to report or gate; see it with: route-bench export --what sweep --run ${sweepRunId} --db ${db}\n`;
    for (const args of [
      ['report', '--db', db, '--run', sweepRunId],
      ['report', '--db', db, '--run', sweepRunId, '--format', 'json'],
      ['gate', '--db', db, '--run', sweepRunId, '--max-quality-loss-pp', '1'],
      ['gate', '--db', db, '--run', '2', '--baseline', sweepRunId, '--max-regression-pp', '1'],
    ]) {
      const refused = await routeBench(args);
      expect(refused.code, args.join(' ')).toBe(2);
      expect(refused.stdout, args.join(' ')).toBe('');
      expect(refused.stderr, args.join(' ')).toBe(says);
    }
    // `latest`, the default, skips the sweep (a simulated run) and says which run it judged.
    const latest = await routeBench(['gate', '--db', db, '--max-quality-loss-pp', '100']);
    expect(latest.code, latest.stderr).toBe(0);
    expect(Number(sweepRunId)).toBeGreaterThan(2);
    expect(latest.stdout.split('\n')[0]).toBe('gate · run 2 · gated · complete');
  });

  it('exits 2 on a usage error: no criteria, unknown run, incomplete baseline reference', async () => {
    expect((await routeBench(['gate', '--db', db, '--run', '2'])).code).toBe(2);
    expect((await routeBench(['gate', '--db', db, '--run', '99', '--max-quality-loss-pp', '1'])).code).toBe(2);
    expect((await routeBench(['gate', '--db', db, '--run', '1', '--max-regression-pp', '1'])).code).toBe(2);
    expect((await routeBench(['gate', '--db', db, '--baseline', join(folder, 'nothing.json'), '--max-regression-pp', '1'])).code).toBe(2);
  });
});
