import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { uniform } from '../util/hash.js';
import { runCli } from './__fixtures__/route-bench-process.js';

const splitSeed = 3;
const ids = Array.from({ length: 40 }, (_, index) => `item-${index}`);
// The sweep's own split: an item is held out when its draw is at least 0.5; small fails exactly those.
const heldOut = ids.filter((id) => uniform(splitSeed, 'split', id) >= 0.5);

describe('route-bench sweep --target-loss-pp, when the held-out half loses more than the target', () => {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-sweep-target-'));
  const db = join(folder, 'sweep.db');
  const sweep = (format: string) => runCli(['sweep', '--db', db, '--router', 'random', '--grid', '0:1:0.5', '--target-loss-pp', '1',
    '--split-seed', String(splitSeed), '--format', format]);
  const warning = `warning: the chosen setting (0) loses 100.00 pp vs all-big on the ${heldOut.length} held-out items, more than the 1 pp target it met on the calibration half: expect more loss than the target on new items`;

  beforeAll(async () => {
    const items = ids.map((id) => `  - { id: ${id}, q: "question ${id}", expected: "answer ${id}", tags: [${heldOut.includes(id) ? 'held-out' : 'calibration'}] }`);
    writeFileSync(join(folder, 'suite.yaml'), `name: sweep-target
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  big: { provider: mock, quality: 1, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: { default: 1, held-out: 0 }, price: { input_mtok: 1, output_mtok: 2 } }
items:
${items.join('\n')}
`);
    const run = await runCli(['run', join(folder, 'suite.yaml'), '--db', db, '--progress', 'none']);
    expect(run.code, run.stderr).toBe(0);
  });

  it('prints a warning line right after the held-out line of the table output', async () => {
    const result = await sweep('table');
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    const heldOutLine = lines.findIndex((line) => line.startsWith(`on the ${heldOut.length} held-out items: quality 0.0% (-100.0 pp vs all-big)`));
    expect(heldOutLine).toBeGreaterThan(0);
    expect(lines[heldOutLine + 1]).toBe(warning);
  });

  it('says the same in --format json, as a flag on the chosen setting and as a warning', async () => {
    const result = await sweep('json');
    expect(result.code, result.stderr).toBe(0);
    const outcome = JSON.parse(result.stdout) as { target: { chosen: { heldOutBeyondTarget: boolean } }; warnings: string[] };
    expect(outcome.target.chosen.heldOutBeyondTarget).toBe(true);
    expect(outcome.warnings).toEqual([warning.slice('warning: '.length)]);
  });
});
