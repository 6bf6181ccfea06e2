import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../suite/load-suite.js';
import { runSuite } from './run-suite.js';

const itemCount = 500;
// One attempt in five fails: rate limits (with a 1 ms retry-after), server errors, timeouts and malformed bodies.
const faults = '{ rate_limit: 0.1, server_error: 0.05, timeout: 0.03, malformed: 0.02, retry_after_ms: 1 }';

const suiteText = `name: soak
prompt: "Question {{n}}: {{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 0.9, timeout_ms: 20, max_attempts: 8, faults: ${faults},
         price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: 0.6, timeout_ms: 20, max_attempts: 8, faults: ${faults},
           price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: big }], default: small }
items:
${Array.from({ length: itemCount }, (_, index) => `  - { id: s${index}, n: ${index}, q: "what is ${index} plus one", expected: "${index + 1}", tags: [${index % 3 === 0 ? 'hard' : 'easy'}] }`).join('\n')}
`;

describe('a run against flaky mock models', () => {
  it('completes with one result per configuration and item, every attempt recorded once, no answer paid twice', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-soak-'));
    writeFileSync(join(folder, 'suite.yaml'), suiteText);
    const databasePath = join(folder, 'soak.db');
    const outcome = await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 64 });
    expect(outcome.status).toBe('complete');
    expect(outcome.results).toBe(itemCount * 3);

    const database = new Database(databasePath, { readonly: true });
    const value = (sql: string) => database.prepare(sql).pluck().get(outcome.runId) as number;
    const rows = <T>(sql: string) => database.prepare(sql).all(outcome.runId) as T[];
    try {
      expect(value("SELECT status FROM runs WHERE id = ?")).toBe('complete');
      // Exactly one result per (configuration, item).
      expect(value('SELECT COUNT(*) FROM results WHERE run_id = ?')).toBe(itemCount * 3);
      expect(value('SELECT COUNT(*) FROM (SELECT DISTINCT configuration, item_id FROM results WHERE run_id = ?)')).toBe(itemCount * 3);
      expect(rows('SELECT configuration, COUNT(DISTINCT item_id) AS items FROM results WHERE run_id = ? GROUP BY configuration ORDER BY 1'))
        .toEqual([{ configuration: 'all-big', items: itemCount }, { configuration: 'all-small', items: itemCount },
          { configuration: 'routed', items: itemCount }]);

      // The faults happened, of every kind, and were retried.
      const failed = value("SELECT COUNT(*) FROM calls WHERE run_id = ? AND status = 'error'");
      const total = value('SELECT COUNT(*) FROM calls WHERE run_id = ?');
      expect(failed / total).toBeGreaterThan(0.15);
      expect(failed / total).toBeLessThan(0.25);
      const kinds = rows<{ http_status: number | null; kind: string }>(`SELECT DISTINCT http_status,
        CASE WHEN error LIKE '%timed out%' THEN 'timeout' WHEN error LIKE '%malformed%' THEN 'malformed' ELSE 'status' END AS kind
        FROM calls WHERE run_id = ? AND status = 'error' ORDER BY 1, 2`);
      expect(kinds).toEqual([{ http_status: null, kind: 'timeout' }, { http_status: 200, kind: 'malformed' },
        { http_status: 429, kind: 'status' }, { http_status: 500, kind: 'status' }]);

      // calls = successful answers + failed attempts: each distinct answer (model, item) made once.
      const answers = value(`SELECT COUNT(*) FROM (SELECT DISTINCT model, item_id FROM results WHERE run_id = ? AND status != 'error')`);
      const unanswered = value(`SELECT COUNT(*) FROM (SELECT DISTINCT model, item_id FROM results WHERE run_id = ? AND status = 'error')`);
      expect(answers + unanswered).toBe(itemCount * 2);
      expect(value("SELECT COUNT(*) FROM calls WHERE run_id = ? AND status = 'ok'")).toBe(answers);
      expect(total).toBe(answers + failed);
      // A gave-up answer used all its attempts.
      expect(failed).toBeGreaterThanOrEqual(unanswered * 8);

      // No cache key answered twice; attempts of one key are numbered 1..n, and only the last may be ok.
      expect(rows("SELECT cache_key FROM calls WHERE run_id = ? AND status = 'ok' GROUP BY cache_key HAVING COUNT(*) > 1")).toEqual([]);
      const attempts = rows<{ cache_key: string; n: number; first: number; last: number; oks: number; last_ok: number }>(`
        SELECT cache_key, COUNT(*) AS n, MIN(attempt) AS first, MAX(attempt) AS last, SUM(status = 'ok') AS oks,
          MAX(CASE WHEN status = 'ok' THEN attempt END) AS last_ok
        FROM calls WHERE run_id = ? GROUP BY cache_key`);
      expect(attempts).toHaveLength(itemCount * 2);
      for (const key of attempts) {
        expect(key.first).toBe(1);
        expect(key.last).toBe(key.n);
        if (key.oks === 1) expect(key.last_ok).toBe(key.last);
        else expect(key.n).toBe(8);
      }
      expect(attempts.some((key) => key.n >= 3)).toBe(true);

      // What the run paid is what its results say they paid.
      const spentByResults = value('SELECT SUM(spent_usd) FROM results WHERE run_id = ?');
      const spentByCalls = value('SELECT SUM(cost_usd) FROM calls WHERE run_id = ?');
      expect(spentByResults).toBeCloseTo(spentByCalls, 12);
      expect(outcome.spentUsd).toBeCloseTo(spentByCalls, 12);
    } finally {
      database.close();
    }
  });
});
