import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot, runCli, type Finished } from './__fixtures__/route-bench-process.js';

/**
 * The README's CI workflow, replayed as written: the commands of its "on main" block make the
 * baseline, then a pull request changes the suite and its `routing.yml` steps run in order (a
 * step after a failed one only with `if: always()`), in a checkout whose cache holds main's database.
 */
const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');

interface Step {
  args: string[];
  always: boolean;
}

/** The `npx route-bench` commands of the README's fenced block that opens with `firstLine`. */
function readmeSteps(firstLine: string): Step[] {
  const start = readme.indexOf(`\n${firstLine}\n`);
  expect(start, `the README has a block opening with "${firstLine}"`).toBeGreaterThan(0);
  const lines = readme.slice(start + 1, readme.indexOf('\n```', start)).split('\n');
  return lines.flatMap((line, index) => {
    const command = /^\s*(?:- run: )?npx route-bench (.+)$/.exec(line)?.[1];
    return command ? [{ args: command.trim().split(/\s+/), always: lines[index + 1]?.trim() === 'if: always()' }] : [];
  });
}

const onMain = readmeSteps('# on main');
const pullRequestJob = readmeSteps('# .github/workflows/routing.yml');
const gateStep = pullRequestJob.findIndex((step) => step.args[0] === 'gate');

/** The steps of a job in `folder`: a failed step skips the later ones but those marked `if: always()`. */
async function job(steps: Step[], folder: string): Promise<Array<Finished | 'skipped'>> {
  const finished: Array<Finished | 'skipped'> = [];
  let failed = false;
  for (const step of steps) {
    if (failed && !step.always) {
      finished.push('skipped');
      continue;
    }
    const result = await runCli(step.args, { cwd: folder });
    if (result.code !== 0) failed = true;
    finished.push(result);
  }
  return finished;
}

interface SuiteChange {
  /** The routed configuration's rules and default. */
  routed?: string;
  /** Items added after the 40 of main: `plain` tagged like them (every fourth hard), `tricky` ones the cheap model fails. */
  added?: { count: number; kind: 'plain' | 'tricky' };
  checks?: string;
  /** The first item id: 0 on main; another moves the items to new ids. */
  firstId?: number;
}

// 40 items, every fourth id hard; the cheap model fails the hard ones (and the tricky ones), the frontier model none.
function suite({ routed = 'rules: [{ when: { tags: [hard] }, use: big }], default: small', added, checks = '[{ type: exact }]', firstId = 0 }: SuiteChange = {}): string {
  const item = (id: number, tag: string) => `  - { id: ${id}, q: "question ${id}", expected: "a${id}", tags: [${tag}] }`;
  const items = Array.from({ length: 40 }, (_, index) => item(firstId + index, (firstId + index) % 4 === 0 ? 'hard' : 'easy'));
  for (let index = 40; index < 40 + (added?.count ?? 0); index++) items.push(item(index, added!.kind === 'tricky' ? 'tricky' : index % 4 === 0 ? 'hard' : 'easy'));
  return `name: gated
prompt: "{{q}}"
checks: ${checks}
models:
  big: { provider: mock, quality: 1, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: { default: 1, hard: 0, tricky: 0 }, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  routed: { router: rules, ${routed} }
baseline: all-big
items:
${items.join('\n')}
`;
}

describe('the README\'s CI workflow, as written', () => {
  const root = mkdtempSync(join(tmpdir(), 'route-bench-workflow-'));
  const main = join(root, 'main');

  beforeAll(async () => {
    expect(onMain.map((step) => step.args[0])).toEqual(['run', 'report']);
    expect(pullRequestJob.map((step) => step.args[0])).toEqual(['run', 'gate', 'report']);
    mkdirSync(join(main, 'evals'), { recursive: true });
    writeFileSync(join(main, 'evals/suite.yaml'), suite());
    for (const result of await job(onMain, main)) expect(result !== 'skipped' && result.code, result === 'skipped' ? '' : result.stderr).toBe(0);
    expect(existsSync(join(main, 'evals/main-report.json'))).toBe(true);
  }, 60_000);

  /** A pull request's checkout: main's files with the suite changed, and main's database restored by the cache unless `coldCache`. */
  async function pullRequest(name: string, change: SuiteChange, coldCache = false): Promise<{ gate: Finished; steps: Array<Finished | 'skipped'>; folder: string }> {
    const folder = join(root, name);
    cpSync(main, folder, { recursive: true, filter: (source) => !(coldCache && source.includes('results')) });
    writeFileSync(join(folder, 'evals/suite.yaml'), suite(change));
    const steps = await job(pullRequestJob, folder);
    const gate = steps[gateStep]!;
    if (gate === 'skipped') throw new Error(`the run step failed: ${(steps[0] as Finished).stderr}`);
    return { gate, steps, folder };
  }

  it('passes a pull request that changes nothing', async () => {
    const { gate } = await pullRequest('unchanged', {});
    expect(gate.code, gate.stderr).toBe(0);
    expect(gate.stdout).toContain('baseline evals/main-report.json (run 1): 40 of 40 items shared (100%, needs >= 50%), 0 added, 0 removed, 0 changed; checks unchanged');
  }, 60_000);

  it('fails (exit 1) a change of one rule that sends the hard items to the cheap model, and still writes the report', async () => {
    const { gate, steps, folder } = await pullRequest('rule-lossy', { routed: 'rules: [{ when: { tags: [easy] }, use: small }], default: small' });
    expect(gate.code, gate.stderr).toBe(1);
    expect(gate.stdout).toContain('FAIL  routed: pass rate change vs evals/main-report.json (run 1): -25.00 pp on 40 shared items (needs >= -1.00 pp)');
    expect(readFileSync(join(folder, 'gate.xml'), 'utf8')).toContain('failures="1"');
    const report = steps[gateStep + 1]!;
    expect(report !== 'skipped' && report.code).toBe(0);
    expect(existsSync(join(folder, 'report.md'))).toBe(true);
  }, 60_000);

  it('passes (exit 0) a change of one rule that loses nothing, with a cold cache too', async () => {
    const rewritten = 'rules: [{ when: { tags: [easy] }, use: small }], default: big';
    for (const coldCache of [false, true]) {
      const { gate } = await pullRequest(`rule-harmless-${coldCache}`, { routed: rewritten }, coldCache);
      expect(gate.code, gate.stderr).toBe(0);
      expect(gate.stdout.split('\n')[0]).toBe(`gate · run ${coldCache ? 1 : 2} · gated · complete`);
      expect(gate.stdout).toContain('PASS  routed: pass rate change vs evals/main-report.json (run 1): 0.00 pp on 40 shared items');
    }
  }, 60_000);

  it('judges a pull request that adds items on the items main had: added ones the cheap model fails do not count as a regression', async () => {
    const { gate } = await pullRequest('added', { added: { count: 10, kind: 'tricky' } });
    expect(gate.code, gate.stderr).toBe(0);
    expect(gate.stdout).toContain('40 of 50 items shared (80%, needs >= 50%), 10 added, 0 removed, 0 changed; checks unchanged');
    expect(gate.stdout).toContain('PASS  routed: pass rate change vs evals/main-report.json (run 1): 0.00 pp on 40 shared items');
  }, 60_000);

  it('fails (exit 1) a pull request that adds items and changes the rule, printing what the README shows', async () => {
    const { gate } = await pullRequest('added-lossy', { added: { count: 10, kind: 'plain' }, routed: 'rules: [{ when: { tags: [easy] }, use: small }], default: small' });
    expect(gate.code, gate.stderr).toBe(1);
    const shown = /\n```\n(gate · run 2 · gated · complete\n[^`]*)```/.exec(readme)![1]!.trimEnd().split('\n');
    expect(shown).toHaveLength(3);
    for (const line of shown) expect(gate.stdout.split('\n')).toContain(line);
  }, 60_000);

  it('refuses (exit 2, one line) when the checks of the shared items changed or too few items are shared, unless --allow-suite-change', async () => {
    const checks = await pullRequest('checks', { checks: '[{ type: exact, normalize: [case] }]' });
    expect(checks.gate.code).toBe(2);
    expect(checks.gate.stderr).toBe('error: the checks of 40 of the 40 items run 2 shares with evals/main-report.json (run 1) changed, so their grades do not compare; pass --allow-suite-change to compare anyway\n');
    const allowed = await runCli([...pullRequestJob[gateStep]!.args, '--allow-suite-change'], { cwd: checks.folder });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('checks changed on 40 shared items (allowed)');

    // Ids 25 to 64: 15 of the 65 items either run holds are shared.
    const moved = await pullRequest('moved', { firstId: 25 });
    expect(moved.gate.code).toBe(2);
    expect(moved.gate.stderr).toMatch(/^error: run 2 shares only 15 of 65 items with evals\/main-report.json \(run 1\) \(23\.1%; --min-shared needs >= 50%\): 25 added, 25 removed, 0 changed; .*\n$/);
    expect((await runCli([...pullRequestJob[gateStep]!.args, '--min-shared', '0.2'], { cwd: moved.folder })).code).toBe(0);
  }, 60_000);
});
