import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { peek, runCli, startCli, waitFor } from './__fixtures__/route-bench-process.js';

const itemCount = 300;
const configurationCount = 3;

const suiteText = `name: resume
prompt: "Item {{n}}: what comes after {{n}}?"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 0.9, latency_ms: 15, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: 0.6, latency_ms: 15, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: big }], default: small }
items:
${Array.from({ length: itemCount }, (_, index) => `  - { id: r${index}, n: ${index}, expected: "${index + 1}", tags: [${index % 4 === 0 ? 'hard' : 'easy'}] }`).join('\n')}
`;

function setUp() {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-resume-'));
  const suitePath = join(folder, 'suite.yaml');
  writeFileSync(suitePath, suiteText);
  return { folder, suitePath, databasePath: join(folder, 'run.db') };
}

const runArguments = (suitePath: string, databasePath: string) =>
  ['run', suitePath, '--db', databasePath, '--concurrency', '8', '--progress', 'none', '--format', 'json'];
const resumeArguments = (databasePath: string) =>
  ['run', '--resume', 'latest', '--db', databasePath, '--progress', 'none', '--format', 'json'];

const storedResults = (databasePath: string) => (peek(databasePath, 'SELECT COUNT(*) FROM results') as number | undefined) ?? 0;

interface ResultRow {
  configuration: string;
  item_id: string;
  status: string;
  output: string | null;
  cost_usd: number;
}

/** What a finished run must look like, however many times it was stopped on the way. */
function expectWholeRun(databasePath: string): { rows: ResultRow[]; spentUsd: number } {
  const database = new Database(databasePath, { readonly: true });
  try {
    const runs = database.prepare('SELECT id, status FROM runs').all();
    expect(runs).toEqual([{ id: 1, status: 'complete' }]);
    expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
    const perPair = database
      .prepare('SELECT configuration, item_id, COUNT(*) AS n FROM results WHERE run_id = 1 GROUP BY configuration, item_id')
      .all() as Array<{ n: number }>;
    expect(perPair).toHaveLength(itemCount * configurationCount);
    expect(perPair.every((pair) => pair.n === 1)).toBe(true);
    expect(database.prepare('SELECT COUNT(*) FROM items WHERE run_id = 1').pluck().get()).toBe(itemCount);
    // No answer paid twice: one successful call per cache key, and the results' spend is the calls' spend.
    const paidTwice = database
      .prepare("SELECT cache_key FROM calls WHERE run_id = 1 AND status = 'ok' GROUP BY cache_key HAVING COUNT(*) > 1")
      .all();
    expect(paidTwice).toEqual([]);
    const spentUsd = database.prepare('SELECT SUM(cost_usd) FROM calls WHERE run_id = 1').pluck().get() as number;
    const rows = database
      .prepare('SELECT configuration, item_id, status, output, cost_usd FROM results WHERE run_id = 1 ORDER BY 1, 2')
      .all() as ResultRow[];
    return { rows, spentUsd };
  } finally {
    database.close();
  }
}

describe('route-bench run --resume, end to end', () => {
  it('finishes a run killed part way, paying no answer twice, with the results of an uninterrupted run', async () => {
    const { folder, suitePath, databasePath } = setUp();
    const first = startCli(runArguments(suitePath, databasePath));
    await waitFor(() => storedResults(databasePath) > 0, 'the first results on disk');
    first.child.kill('SIGKILL');
    const killed = await first.finished;
    expect(killed.signal).toBe('SIGKILL');
    const atKill = storedResults(databasePath);
    expect(atKill, 'the run finished before it could be killed; slow the mock down').toBeLessThan(itemCount * configurationCount);
    expect(peek(databasePath, 'SELECT status FROM runs WHERE id = 1')).toBe('running');
    // The report of the killed run shows what is stored: every result placed on its item.
    const afterKill = await runCli(['report', '--db', databasePath, '--format', 'json', '--resamples', '100']);
    expect(afterKill.code).toBe(0);
    const shown = (JSON.parse(afterKill.stdout) as { configurations: Array<{ answers: number }> }).configurations
      .reduce((total, configuration) => total + configuration.answers, 0);
    expect(shown).toBe(atKill);
    // A kill can land between an item's results, after its calls reached the disk: make that certain for
    // a few items by dropping their all-small results. Their answers are paid; the resume must not pay again.
    const database = new Database(databasePath);
    const dropped = database
      .prepare(`DELETE FROM results WHERE configuration = 'all-small' AND item_id IN
        (SELECT item_id FROM calls WHERE model_name = 'small' AND status = 'ok' LIMIT 10)`)
      .run().changes;
    database.close();
    expect(dropped).toBe(10);

    // The suite path is taken from the run.
    const resumed = await runCli(resumeArguments(databasePath));
    expect(resumed.stderr).not.toMatch(/\n\s+at /);
    expect(resumed.code).toBe(0);
    const report = JSON.parse(resumed.stdout) as { run: { id: number; status: string; items: number } };
    expect(report.run).toMatchObject({ id: 1, status: 'complete', items: itemCount });
    const stitched = expectWholeRun(databasePath);

    // The mock is deterministic: the stitched run equals one that was never stopped, and paid as much.
    const freshPath = join(folder, 'fresh.db');
    const fresh = await runCli([...runArguments(suitePath, freshPath), '--no-cache']);
    expect(fresh.code).toBe(0);
    const uninterrupted = expectWholeRun(freshPath);
    const withoutCost = (rows: ResultRow[]) => rows.map(({ cost_usd: _cost, ...rest }) => rest);
    expect(withoutCost(stitched.rows)).toEqual(withoutCost(uninterrupted.rows));
    stitched.rows.forEach((row, index) => expect(row.cost_usd).toBeCloseTo(uninterrupted.rows[index]!.cost_usd, 12));
    expect(stitched.spentUsd).toBeCloseTo(uninterrupted.spentUsd, 12);

    // A complete run is not resumed again.
    const again = await runCli(resumeArguments(databasePath));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('run 1 is already complete');
  });

  it('stops on one SIGINT with exit 130 and an interrupted run, which a resume completes', async () => {
    const { suitePath, databasePath } = setUp();
    const first = startCli(runArguments(suitePath, databasePath));
    await waitFor(() => storedResults(databasePath) > 0, 'the first results on disk');
    first.child.kill('SIGINT');
    const stopped = await first.finished;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('SIGINT: finishing the calls in flight');
    expect(stopped.stderr).toMatch(/run 1 interrupted; continue with: route-bench run --resume 1 --db /);
    expect(peek(databasePath, 'SELECT status FROM runs WHERE id = 1')).toBe('interrupted');
    const atStop = storedResults(databasePath);
    expect(atStop).toBeLessThan(itemCount * configurationCount);
    // Calls in flight were allowed to finish: only whole items are stored.
    expect(atStop % configurationCount).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ run: { status: 'interrupted' } });

    const resumed = await runCli(resumeArguments(databasePath));
    expect(resumed.code).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ run: { id: 1, status: 'complete', items: itemCount } });
    expectWholeRun(databasePath);
  });
});

describe('a budget that runs out while the judge grades', () => {
  it('ends the run as budget_exhausted (exit 0), not failed, and a resume with room completes it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-judge-budget-'));
    const suitePath = join(folder, 'judged.yaml');
    // The answers are cheap; the judge is dear, so the money runs out between an answer and its grade.
    writeFileSync(suitePath, `name: judged
prompt: "Item {{n}}: what comes after {{n}}?"
checks: [{ type: llm-judge, model: judge }]
models:
  answerer: { provider: mock, quality: 1, price: { input_mtok: 0.01, output_mtok: 0.01 } }
  judge: { provider: mock, replies: ['{"verdict": "pass", "score": 1, "reason": "right"}'], price: { input_mtok: 100, output_mtok: 100 } }
configurations:
  all-answerer: { model: answerer }
items:
${Array.from({ length: 40 }, (_, index) => `  - { id: j${index}, n: ${index}, expected: "${index + 1}" }`).join('\n')}
`);
    const databasePath = join(folder, 'judged.db');
    const stopped = await runCli(['run', suitePath, '--db', databasePath, '--progress', 'none', '--format', 'json', '--max-cost-usd', '0.2']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ run: { status: 'budget_exhausted' } });
    expect(stopped.stderr).toContain('stopped at the budget of $0.2');
    const results = peek(databasePath, 'SELECT COUNT(*) FROM results') as number;
    expect(results).toBeGreaterThan(0);
    expect(results).toBeLessThan(40);
    const resumed = await runCli(['run', '--resume', 'latest', '--db', databasePath, '--progress', 'none', '--format', 'json', '--max-cost-usd', '100']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ run: { status: 'complete' }, configurations: [{ name: 'all-answerer', passRate: 1, answers: 40 }] });
  });
});
