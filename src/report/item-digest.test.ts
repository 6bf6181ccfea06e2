import { describe, expect, it } from 'vitest';
import type { ConfigurationResults, RunData } from '../types/index.js';
import { parseRunSettings } from '../store/run-settings-document.js';
import type { StoredItemContent } from '../store/read-item-contents.js';
import { buildItemDigest, reportJson } from './item-digest.js';
import { buildReport } from './build-report.js';

/** Two samples per item of three items: pass 1/0/NaN (ungraded), unanswered slots cost nothing and are not answered. */
function configuration(name: string, pass: number[], cost: number[], answered: number[] = pass.map(() => 1)): ConfigurationResults {
  return {
    name, kind: 'fixed', spec: { model: name },
    score: Float64Array.from(pass), pass: Float64Array.from(pass), costUsd: Float64Array.from(cost), spentUsd: Float64Array.from(cost),
    latencyMs: new Float64Array(pass.length), usedFrontier: new Uint8Array(pass.length), present: new Uint8Array(pass.length).fill(1),
    answered: Uint8Array.from(answered), unanswered: new Map(), replayGaps: 0, ungraded: 0, cached: 0, gradingCostUsd: 0,
  };
}

function runData(configurations: ConfigurationResults[], optionsJson: string): RunData {
  return {
    run: { id: 1, kind: 'run', suiteName: 's', suiteVersion: 1, suiteHash: 'h', suitePath: null, toolVersion: 't', seed: 0, repeat: 2,
      baseline: 'big', frontier: 'big', marginPp: 1, status: 'complete', itemCount: 3, options: parseRunSettings(optionsJson), startedAt: 'x',
      finishedAt: 'y', error: null, parentRunId: null, pid: null },
    itemIds: ['a', 'b', 'c'], itemTags: [[], [], []], configurations, spentUsd: 0, calls: 0, failedCalls: 0,
  };
}

const item = (itemId: string, fields: Record<string, unknown>): StoredItemContent =>
  ({ itemId, tagsJson: JSON.stringify(fields.tags ?? []), expectedJson: JSON.stringify(fields.expected), fieldsJson: JSON.stringify(fields) });

describe('the item digest', () => {
  const big = configuration('big', [1, 1, 1, 0, 1, 1], [2, 2, 2, 2, 2, 2]);
  // Item b: one answer ungraded; item c: one answer never given (a fail that cost nothing).
  const small = configuration('small', [1, 0, Number.NaN, 1, 0, 1], [1, 1, 1, 1, 0, 1], [1, 1, 1, 1, 0, 1]);
  const contents = [
    item('a', { id: 'a', q: 'x', expected: 'A', tags: ['hard'] }),
    item('b', { id: 'b', q: 'y', expected: 'B', tags: [] }),
    item('c', { id: 'c', q: 'z', expected: 'C', tags: [], checks: [{ type: 'contains' }] }),
  ];

  it('sums each configuration over the samples of every item, worked out by hand', () => {
    const digest = buildItemDigest(runData([big, small], '{"checks":[{"type":"exact"}]}'), contents);
    expect(digest.rows.map((row) => [row.id, row.results])).toEqual([
      ['a', { big: [2, 2, 2, 4], small: [2, 1, 2, 2] }],
      ['b', { big: [2, 1, 2, 4], small: [1, 1, 2, 2] }],
      ['c', { big: [2, 2, 2, 4], small: [2, 1, 1, 1] }],
    ]);
  });

  it('hashes content whatever the key order, leaves an item\'s own checks out of it, and hashes the checks that graded each item', () => {
    const digest = buildItemDigest(runData([big, small], '{"checks":[{"type":"exact"}]}'), contents);
    const reordered = buildItemDigest(runData([big, small], '{"checks":[{"type":"exact"}]}'), [
      item('a', { tags: ['hard'], expected: 'A', q: 'x', id: 'a' }),
      item('b', { id: 'b', q: 'y!', expected: 'B', tags: [] }),
      item('c', { id: 'c', q: 'z', expected: 'C', tags: [], checks: [{ type: 'exact' }] }),
    ]);
    expect(reordered.rows[0]!.content).toBe(digest.rows[0]!.content);
    expect(reordered.rows[1]!.content).not.toBe(digest.rows[1]!.content);
    // c's own checks were edited: the same item, graded by other checks (now the same as the suite's).
    expect(reordered.rows[2]!.content).toBe(digest.rows[2]!.content);
    expect(reordered.rows[2]!.checks).not.toBe(digest.rows[2]!.checks);
    expect(reordered.rows[2]!.checks).toBe(digest.rows[0]!.checks);
    expect(digest.rows[0]!.checks).toMatch(/^[0-9a-f]{16}$/);
  });

  it('says the checks are unknown for a run stored before the suite\'s checks were recorded, except where an item has its own', () => {
    const digest = buildItemDigest(runData([big, small], '{}'), contents);
    expect(digest.rows.map((row) => row.checks === null)).toEqual([true, true, false]);
  });

  it('is written one line per item, and the JSON reads back as the report it was', () => {
    const data = runData([big, small], '{"checks":[{"type":"exact"}]}');
    const report = { ...buildReport(data, { resamples: 10 }), items: buildItemDigest(data, contents) };
    const text = reportJson(report);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(text.split('\n').filter((line) => line.startsWith('      {"id":'))).toHaveLength(3);
    const { items: _items, ...withoutItems } = report;
    expect(reportJson(withoutItems)).toBe(`${JSON.stringify(withoutItems, null, 2)}\n`);
  });
});
