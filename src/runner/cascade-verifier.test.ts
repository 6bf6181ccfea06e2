import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../suite/load-suite.js';
import { runSuite } from './run-suite.js';
import { simulateStored } from '../offline/__fixtures__/stored-runs.js';

describe('a cascade with a verifier model', () => {
  it('escalates when the verifier says no, counts the verifier in the cost, and never shows it the reference', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-verifier-'));
    writeFileSync(join(folder, 'suite.yaml'), `name: verified
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 1, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: 0.5, price: { input_mtok: 1, output_mtok: 2 } }
  checker: { provider: mock, replies: ['{"verdict": "pass"}', '{"verdict": "fail"}'], price: { input_mtok: 3, output_mtok: 3 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  verified:
    router: cascade
    models: [small, big]
    accept:
      - { type: llm-judge, model: checker, rubric: The answer is plausible. }
items:
${Array.from({ length: 60 }, (_, index) => `  - { id: ${index}, q: "question ${index}", expected: "SECRET-REFERENCE-${index}" }`).join('\n')}
`);
    const databasePath = join(folder, 'v.db');
    const outcome = await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 4 });
    const database = new Database(databasePath, { readonly: true });
    const verifications = database.prepare("SELECT item_id, output, cost_usd FROM calls WHERE purpose = 'verify'").all() as Array<{ item_id: string; output: string; cost_usd: number }>;
    const prompts = database.prepare("SELECT COUNT(*) FROM calls WHERE purpose = 'verify' AND output IS NOT NULL").pluck().get() as number;
    const rows = database.prepare(`SELECT r.item_id, r.models_json, r.cost_usd, r.route_json, s.cost_usd AS small_cost, b.cost_usd AS big_cost
      FROM results r JOIN results s ON s.run_id = r.run_id AND s.item_id = r.item_id AND s.configuration = 'all-small'
      JOIN results b ON b.run_id = r.run_id AND b.item_id = r.item_id AND b.configuration = 'all-big'
      WHERE r.run_id = ? AND r.configuration = 'verified'`).all(outcome.runId) as Array<{ item_id: string; models_json: string; cost_usd: number;
        route_json: string; small_cost: number; big_cost: number }>;
    database.close();
    expect(prompts).toBe(60);
    const verdictOf = new Map(verifications.map((call) => [call.item_id, call]));
    let escalated = 0;
    for (const row of rows) {
      const verification = verdictOf.get(row.item_id)!;
      const accepted = verification.output.includes('"pass"');
      expect(JSON.parse(row.route_json)).toMatchObject({ accepted, escalations: accepted ? 0 : 1 });
      const expectedCost = row.small_cost + verification.cost_usd + (accepted ? 0 : row.big_cost);
      expect(row.cost_usd).toBeCloseTo(expectedCost, 12);
      if (!accepted) escalated++;
    }
    expect(escalated).toBeGreaterThan(5);
    expect(escalated).toBeLessThan(55);
    // A simulation has no verifier answers to replay: it says so rather than guess.
    await expect(simulateStored({ databasePath, run: String(outcome.runId), router: `{ router: cascade, models: [small, big], accept: [{ type: llm-judge, model: checker }] }`, name: 'again' }))
      .rejects.toThrow(/verifier model/);
  });
});
