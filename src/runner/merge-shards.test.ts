import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../report/build-report.js';
import { openDatabase } from '../store/open-database.js';
import { readRunData } from '../store/read-run.js';
import { loadSuite } from '../suite/load-suite.js';
import { mergeShards } from './merge-shards.js';
import { inShard } from './item-source.js';
import { runSuite } from './run-suite.js';

const suiteText = `name: sharded
prompt: "Clause {{clause}}: answer?"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: { default: 0.95, hard: 0.85 }, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: { default: 0.9, hard: 0.4 }, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  rules: { router: rules, rules: [{ when: { tags: [hard] }, use: big }], default: small }
  learned: { router: threshold, threshold: 0.3 }
  oracle: { router: oracle }
baseline: all-big
items:
${Array.from({ length: 150 }, (_, index) => `  - { id: c${index}, clause: "${index % 3 === 0 ? 'notwithstanding the exception' : 'the fee is due'} ${index}", expected: "a${index}", tags: [${index % 3 === 0 ? 'hard' : 'easy'}] }`).join('\n')}
`;

/** The report without what differs between any two runs: ids, times, measured latencies. */
function comparable(databasePath: string, runId: number) {
  const database = openDatabase(databasePath, { readonly: true });
  const report = buildReport(readRunData(database, runId), { resamples: 2000 });
  database.close();
  return {
    items: report.run.items,
    status: report.run.status,
    spentUsd: report.run.spentUsd,
    calls: report.run.calls,
    configurations: report.configurations.map(({ latencyP50Ms: _p50, latencyP95Ms: _p95, ...rest }) => rest),
    headlines: report.headlines.map((headline) => headline.text),
  };
}

describe('shards and merge', () => {
  it('splits items by id into disjoint shards that cover them all', () => {
    const ids = Array.from({ length: 1000 }, (_, index) => `id-${index}`);
    const counts = [1, 2, 3, 4].map((index) => ids.filter((id) => inShard(id, { index, count: 4 })).length);
    expect(counts.reduce((total, count) => total + count, 0)).toBe(1000);
    for (const count of counts) expect(count).toBeGreaterThan(200);
  });

  it('merges three shard databases into a run whose report equals the unsharded run', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-shards-'));
    writeFileSync(join(folder, 'suite.yaml'), suiteText);
    const suite = await loadSuite(join(folder, 'suite.yaml'));
    const whole = await runSuite(suite, { databasePath: join(folder, 'whole.db'), concurrency: 4 });
    const shardPaths = [1, 2, 3].map((index) => join(folder, `shard-${index}.db`));
    for (const [position, path] of shardPaths.entries()) {
      await runSuite(suite, { databasePath: path, concurrency: 4, shard: { index: position + 1, count: 3 } });
    }
    const merged = await mergeShards(join(folder, 'merged.db'), shardPaths.map((path) => ({ path })));
    expect(merged.complete).toBe(true);
    const expected = comparable(join(folder, 'whole.db'), whole.runId);
    const actual = comparable(join(folder, 'merged.db'), merged.runId);
    expect(actual.items).toBe(150);
    expect(actual).toEqual(expected);
    const database = new Database(join(folder, 'merged.db'), { readonly: true });
    expect(database.prepare('SELECT COUNT(*) FROM results WHERE run_id = ?').pluck().get(merged.runId)).toBe(150 * 5);
    database.close();
  });

  it('refuses shards of different suites, repeated shards, and reports missing ones', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-shards-'));
    writeFileSync(join(folder, 'suite.yaml'), suiteText);
    writeFileSync(join(folder, 'other.yaml'), suiteText.replace('name: sharded', 'name: other'));
    const suite = await loadSuite(join(folder, 'suite.yaml'));
    const other = await loadSuite(join(folder, 'other.yaml'));
    await runSuite(suite, { databasePath: join(folder, 'a.db'), concurrency: 4, shard: { index: 1, count: 2 } });
    await runSuite(other, { databasePath: join(folder, 'b.db'), concurrency: 4, shard: { index: 2, count: 2 } });
    await expect(mergeShards(join(folder, 'm1.db'), [{ path: join(folder, 'a.db') }, { path: join(folder, 'b.db') }])).rejects.toThrow(/different suite content/);
    await expect(mergeShards(join(folder, 'm2.db'), [{ path: join(folder, 'a.db') }, { path: join(folder, 'a.db') }])).rejects.toThrow(/given twice/);
    const partial = await mergeShards(join(folder, 'm3.db'), [{ path: join(folder, 'a.db') }]);
    expect(partial).toMatchObject({ complete: false, missingShards: [2] });
  });
});
