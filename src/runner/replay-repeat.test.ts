import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { loadSuite } from '../suite/load-suite.js';
import { runSuite } from './run-suite.js';

describe('--repeat on a replayed model', () => {
  it('is refused, naming the model: a recording holds one sample per item, and copying it k times would fake agreement', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-replay-repeat-'));
    writeFileSync(join(folder, 'outputs.jsonl'), '{"id":"1","output":"a","cost_usd":0.1}\n{"id":"2","output":"b","cost_usd":0.1}\n');
    writeFileSync(join(folder, 'suite.yaml'), `name: t
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  live: { provider: mock, price: { input_mtok: 1, output_mtok: 1 } }
  recorded: { provider: replay, file: outputs.jsonl }
configurations:
  all-live: { model: live }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: recorded }], default: live }
items:
  - { id: 1, q: q, expected: a }
  - { id: 2, q: q, expected: b, tags: [hard] }
`);
    const suite = await loadSuite(join(folder, 'suite.yaml'));
    const databasePath = join(folder, 'r.db');
    const refused = await runSuite(suite, { databasePath, concurrency: 2, repeat: 2 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as Error).message).toBe('--repeat 2: model "recorded" is replayed, and a recording holds one answer per item; run it with --repeat 1 (copies of one answer are not samples)');
    // Without the replayed model the repeat is fine.
    const live = await runSuite(suite, { databasePath, concurrency: 2, repeat: 2, configurations: ['all-live'] });
    expect(live.status).toBe('complete');
  });
});
