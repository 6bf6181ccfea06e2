import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../report/build-report.js';
import { openDatabase } from '../store/open-database.js';
import { readRunData } from '../store/read-run.js';
import { loadSuite } from '../suite/load-suite.js';
import { runSuite } from './run-suite.js';

function suiteText(replies: string[]): string {
  return `name: judged
prompt: "Summarise: {{text}}"
checks:
  - type: llm-judge
    model: judge
    rubric: The summary keeps the obligation.
models:
  writer: { provider: mock, quality: 1, price: { input_mtok: 1, output_mtok: 2 } }
  judge: { provider: mock, replies: ${JSON.stringify(replies)}, price: { input_mtok: 5, output_mtok: 15 } }
configurations:
  all-writer: { model: writer }
items:
${Array.from({ length: 30 }, (_, index) => `  - { id: ${index}, text: "Clause ${index} obliges the buyer to pay.", expected: "buyer pays ${index}" }`).join('\n')}
`;
}

async function run(replies: string[]) {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-judge-'));
  writeFileSync(join(folder, 'suite.yaml'), suiteText(replies));
  const databasePath = join(folder, 'j.db');
  const outcome = await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 4 });
  const database = openDatabase(databasePath, { readonly: true });
  const report = buildReport(readRunData(database, outcome.runId), { resamples: 100 });
  database.close();
  return { databasePath, report };
}

describe('llm-judge through the engine', () => {
  it('grades with the judge, and reports its cost apart from the configuration cost', async () => {
    const { databasePath, report } = await run(['{"verdict": "pass", "score": 1, "reason": "keeps it"}', '{"verdict": "fail", "score": 0, "reason": "drops it"}']);
    const database = new Database(databasePath, { readonly: true });
    const judgeCalls = database.prepare("SELECT COUNT(*) AS n, SUM(cost_usd) AS cost FROM calls WHERE purpose = 'judge'").get() as { n: number; cost: number };
    const answerCost = database.prepare("SELECT SUM(cost_usd) FROM calls WHERE purpose = 'answer'").pluck().get() as number;
    const statuses = database.prepare('SELECT status, COUNT(*) AS n FROM results GROUP BY status').all() as Array<{ status: string; n: number }>;
    database.close();
    expect(judgeCalls.n).toBe(30);
    const writer = report.configurations[0]!;
    // The configuration's cost is the writer's answers only; the judge's cost is the grading cost.
    expect(writer.costUsd).toBeCloseTo(answerCost, 12);
    expect(writer.gradingCostUsd).toBeCloseTo(judgeCalls.cost, 12);
    expect(writer.gradingCostUsd).toBeGreaterThan(0);
    const passed = statuses.find((row) => row.status === 'pass')?.n ?? 0;
    const failed = statuses.find((row) => row.status === 'fail')?.n ?? 0;
    expect(passed + failed).toBe(30);
    expect(passed).toBeGreaterThan(0);
    expect(failed).toBeGreaterThan(0);
  });

  it('counts a judge reply it cannot parse as could-not-grade, never as a pass', async () => {
    const { report } = await run(['Looks good to me!', 'PASS']);
    const writer = report.configurations[0]!;
    expect(writer.passRate).toBeNull();
    expect(writer.ungraded).toBe(30);
  });
});
