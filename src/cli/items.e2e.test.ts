import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot, runCli } from './__fixtures__/route-bench-process.js';

const suite = join(repositoryRoot, 'src/cli/__fixtures__/tiny-suite.yaml');
let folder: string;
let db: string;

interface Row {
  configuration: string;
  itemId: string;
  outcome: string;
  tags: string[];
  prompt: string;
  reference: string | null;
  baseline: { status: string; answers: Array<{ model: string; output: string | null; inputTokens: number | null; outputTokens: number | null }> };
  result: { status: string; model: string; routeReason: string; reason: string; costUsd: number; answers: Array<{ model: string; output: string | null }> };
}

describe('route-bench items', () => {
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'route-bench-items-'));
    db = join(folder, 'runs.db');
    // The small model fails the hard items (c, e); the routed configuration sends them to the big one.
    const run = await runCli(['run', suite, '--db', db, '--progress', 'none']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('lists every configuration but the baseline, routed first, each lost then won then the rest, with every field in JSON lines', async () => {
    const { code, stdout, stderr } = await runCli(['items', '--db', db, '--format', 'jsonl']);
    expect(code, stderr).toBe(0);
    const rows = stdout.trim().split('\n').map((line) => JSON.parse(line) as Row);
    expect(rows.map((row) => `${row.configuration}:${row.itemId}:${row.outcome}`)).toEqual([
      'routed:a:pass', 'routed:b:pass', 'routed:c:pass', 'routed:d:pass', 'routed:e:pass',
      'all-small:c:lost', 'all-small:e:lost', 'all-small:a:pass', 'all-small:b:pass', 'all-small:d:pass',
    ]);
    const lost = rows[5]!;
    expect(lost.prompt).toBe('Clause: Fees are due within 45 days of invoice, unless disputed in good faith.\nQuestion: Payment window?');
    expect(lost.reference).toBe('45 days');
    expect(lost.tags).toEqual(['hard']);
    expect(lost.baseline.status).toBe('pass');
    expect(lost.baseline.answers[0]).toMatchObject({ model: 'big', output: '45 days' });
    expect(lost.baseline.answers[0]!.inputTokens).toBeGreaterThan(10);
    expect(lost.result).toMatchObject({ status: 'fail', model: 'small', routeReason: 'fixed' });
    expect(lost.result.answers[0]!.output).not.toBe('45 days');
    expect(rows[2]!.result).toMatchObject({ model: 'big', routeReason: 'rule 1' });
  });

  it('filters by configuration, outcome and tag, and limits, in a table of one line per row', async () => {
    const lost = await runCli(['items', '--db', db, '--outcome', 'lost']);
    expect(lost.code, lost.stderr).toBe(0);
    const lines = lost.stdout.trim().split('\n');
    expect(lines[0]).toBe('run 1 · tiny v3 · against all-big (baseline)');
    expect(lines[1]).toBe('routed: 0 lost, 0 won of 5 · all-small: 2 lost, 0 won of 5');
    expect(lines.filter((line) => /^│ all-small +│ [ce] +│ lost/.test(line))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^2 rows; lost: all-big passed, this failed/);
    const fails = await runCli(['items', '--db', db, '--outcome', 'fail', '--configuration', 'routed']);
    expect(fails.stdout).toContain('no item matches');
    const hard = await runCli(['items', '--db', db, '--tag', 'hard', '--limit', '3', '--format', 'jsonl']);
    expect(hard.stdout.trim().split('\n').map((line) => (JSON.parse(line) as Row).itemId)).toEqual(['c', 'e', 'c']);
    const limited = await runCli(['items', '--db', db, '--tag', 'hard', '--limit', '3']);
    expect(limited.stdout.trim().split('\n').at(-1)).toMatch(/^3 of 4 rows \(--limit\)/);
  });

  it('refuses what the run does not have, in one line, exit 2', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--configuration', 'all-smal'], /^error: --configuration: run 1 has no configuration "all-smal" \(did you mean "all-small"\?\); it has routed, all-small$/],
      [['--configuration', 'all-big'], /^error: --configuration: all-big is the baseline, which the other configurations are compared with; choose one of routed, all-small$/],
      [['--tag', 'hrad'], /^error: --tag: no item of run 1 has the tag "hrad" \(did you mean "hard"\?\); its tags: easy, hard$/],
      [['--outcome', 'lose'], /--outcome.*lose/],
      [['--limit', '0'], /--limit/],
      [['--run', '9'], /no run 9/],
    ];
    for (const [flags, message] of cases) {
      const { code, stdout, stderr } = await runCli(['items', '--db', db, ...flags]);
      expect(code, flags.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n'), flags.join(' ')).toHaveLength(1);
      expect(stderr.trim()).toMatch(message);
    }
  });

  it('is what the HTML report embeds, with the counts', async () => {
    const out = join(folder, 'report.html');
    const { code, stderr } = await runCli(['report', '--db', db, '--format', 'html', '--out', out]);
    expect(code, stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<strong>all-small</strong>: 2 lost, 0 won of 5 items; all shown');
    expect(html.match(/<details class="item"/g)).toHaveLength(10);
    expect(html).toContain('<details class="item" data-configuration="all-small" data-outcome="lost" data-status="fail">');
  });
});
