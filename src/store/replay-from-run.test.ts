import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { runSuite } from '../runner/run-suite.js';
import { loadSuite } from '../suite/load-suite.js';
import { readReplayFromRun } from './replay-from-run.js';

const readers = { storedAnswers: readReplayFromRun };
const items = Array.from({ length: 40 }, (_, index) => `  - { id: ${index}, q: "question ${index}", expected: "a${index}", tags: [${index % 4 === 0 ? 'hard' : 'easy'}] }`).join('\n');

describe('replay from a stored run', () => {
  it('grades and prices the answers a run stored, with no call, as that run did', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-replay-run-'));
    writeFileSync(join(folder, 'live.yaml'), `name: live
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 0.9, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: { default: 0.8, hard: 0.2 }, price: { input_mtok: 1, output_mtok: 2 } }
items:
${items}
`);
    writeFileSync(join(folder, 'replayed.yaml'), `name: replayed
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: replay, from_run: { db: live.db, run: latest }, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: replay, from_run: { db: live.db }, price: { input_mtok: 1, output_mtok: 2 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: big }], default: small }
baseline: all-big
items:
${items}
`);
    const live = await runSuite(await loadSuite(join(folder, 'live.yaml')), { databasePath: join(folder, 'live.db'), concurrency: 4 });
    const replayed = await runSuite(await loadSuite(join(folder, 'replayed.yaml'), { readers }), { databasePath: join(folder, 'replayed.db'), concurrency: 4 });
    const liveDb = new Database(join(folder, 'live.db'), { readonly: true });
    const replayedDb = new Database(join(folder, 'replayed.db'), { readonly: true });
    const rows = (database: Database.Database, runId: number, configuration: string) =>
      database.prepare('SELECT item_id, output, status, cost_usd FROM results WHERE run_id = ? AND configuration = ? ORDER BY item_id').all(runId, configuration);
    expect(rows(replayedDb, replayed.runId, 'all-big')).toEqual(rows(liveDb, live.runId, 'all-big'));
    expect(rows(replayedDb, replayed.runId, 'all-small')).toEqual(rows(liveDb, live.runId, 'all-small'));
    expect(replayedDb.prepare('SELECT COUNT(*) FROM calls').pluck().get()).toBe(0);
    liveDb.close();
    replayedDb.close();
  });

  it('says which models the stored run has when it lacks the one named', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-replay-run-'));
    writeFileSync(join(folder, 'live.yaml'), `name: live\nprompt: "{{q}}"\nchecks: [{ type: exact }]\nmodels:\n  big: { provider: mock, price: { input_mtok: 1, output_mtok: 1 } }\nitems:\n${items}\n`);
    await runSuite(await loadSuite(join(folder, 'live.yaml')), { databasePath: join(folder, 'live.db'), concurrency: 4 });
    writeFileSync(join(folder, 'bad.yaml'), `name: bad\nprompt: "{{q}}"\nchecks: [{ type: exact }]\nmodels:\n  other: { provider: replay, from_run: { db: live.db }, price: { input_mtok: 1, output_mtok: 1 } }\nitems:\n${items}\n`);
    const error = await loadSuite(join(folder, 'bad.yaml'), { readers }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/has no answers of model "other"; its models: big/);
  });
});
