import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuite } from '../runner/run-suite.js';
import { loadSuite } from '../suite/load-suite.js';
import { uniform } from '../util/hash.js';
import { sweepStored } from './__fixtures__/stored-runs.js';

const splitSeed = 3;
const ids = Array.from({ length: 40 }, (_, index) => `item-${index}`);
// The sweep's own split: an item is held out when its draw is at least 0.5.
const heldOut = new Set(ids.filter((id) => uniform(splitSeed, 'split', id) >= 0.5));

/** small is right on every calibration item; on the held-out ones, right with probability `heldOutQuality`. */
async function storedRun(heldOutQuality: number): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-sweep-'));
  const items = ids.map((id) => `  - { id: ${id}, q: "question ${id}", expected: "answer ${id}", tags: [${heldOut.has(id) ? 'held-out' : 'calibration'}] }`);
  writeFileSync(join(folder, 'suite.yaml'), `name: sweep-target
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 1, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: { default: 1, held-out: ${heldOutQuality} }, price: { input_mtok: 1, output_mtok: 2 } }
items:
${items.join('\n')}
`);
  const databasePath = join(folder, 'sweep.db');
  await runSuite(await loadSuite(join(folder, 'suite.yaml')), { databasePath, concurrency: 4 });
  return databasePath;
}

describe('sweepRun with a target loss', () => {
  it('has both halves to choose and test on', () => {
    expect(heldOut.size).toBeGreaterThan(5);
    expect(heldOut.size).toBeLessThan(35);
  });

  it('warns when the setting chosen on the calibration half loses more than the target on the held-out half', async () => {
    const databasePath = await storedRun(0);
    const outcome = await sweepStored({ databasePath, router: 'random', grid: '0:1:0.5', targetLossPp: 1, splitSeed });
    // All to small loses nothing on the calibration half, so it is chosen; on the held-out half small fails every item.
    expect(outcome.target!.chosen!.parameter).toBe(0);
    expect(outcome.target!.chosen!.calibration.qualityDeltaPp).toBe(0);
    expect(outcome.target!.chosen!.heldOut.qualityDeltaPp).toBeCloseTo(-100, 9);
    expect(outcome.target!.chosen!.heldOutBeyondTarget).toBe(true);
    expect(outcome.warnings).toEqual([
      `the chosen setting (0) loses 100.00 pp vs all-big on the ${heldOut.size} held-out items, more than the 1 pp target it met on the calibration half: expect more loss than the target on new items`,
    ]);
  });

  it('says nothing when the held-out half stays within the target', async () => {
    const databasePath = await storedRun(1);
    const outcome = await sweepStored({ databasePath, router: 'random', grid: '0:1:0.5', targetLossPp: 1, splitSeed });
    expect(outcome.target!.chosen!.heldOut.qualityDeltaPp).toBe(0);
    expect(outcome.target!.chosen!.heldOutBeyondTarget).toBe(false);
    expect(outcome.warnings).toEqual([]);
  });
});
