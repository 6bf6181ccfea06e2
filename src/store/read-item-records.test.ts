import { describe, expect, it } from 'vitest';
import { storeRun, type PlannedResult } from './__fixtures__/stored-run.js';
import { readItemOutcomeIndex, readItemRecords } from './read-item-records.js';

const long = `The answer is 4. ${'Because. '.repeat(400)}`;

function plannedRun() {
  return storeRun({
    prompt: 'Q: {{q}}',
    baseline: 'all-frontier',
    configurations: [
      { name: 'all-frontier', kind: 'fixed', spec: { model: 'frontier' } },
      { name: 'all-cheap', kind: 'fixed', spec: { model: 'cheap' } },
      { name: 'cascade', kind: 'cascade', spec: { models: ['cheap', 'frontier'] } },
      { name: 'via-mid', kind: 'cascade', spec: { models: ['mid', 'frontier'] } },
    ],
    items: [
      { id: 'a', tags: ['easy'], fields: { q: '2+2?' }, expected: '4' },
      { id: 'b', tags: ['hard', 'math'], fields: { q: '3+3?' }, expected: { value: 6 } },
      { id: 'c', fields: { q: 'left out' }, expected: 'x' },
    ],
    result(configuration, item): PlannedResult | undefined {
      if (item.id === 'c' && configuration !== 'all-frontier') return undefined;
      const cheapOutput = item.id === 'a' ? long : 'It is 7.';
      switch (configuration) {
        case 'all-frontier': return { status: 'pass', output: `frontier on ${item.id}`, model: 'frontier', tokens: [20, 5] };
        case 'all-cheap': return { status: item.id === 'a' ? 'pass' : 'fail', output: cheapOutput, model: 'cheap' };
        case 'cascade': return item.id === 'a'
          ? { status: 'pass', output: cheapOutput, model: 'cheap', routeReason: 'accepted from cheap', route: { accepted: true, escalations: 0, firstPass: true } }
          : { status: 'pass', output: `frontier on ${item.id}`, model: 'frontier', models: ['cheap', 'frontier'], routeReason: 'escalated to frontier',
            route: { accepted: false, escalations: 1, firstPass: false }, tokens: [20, 5] };
        default: return { status: 'pass', output: `frontier on ${item.id}`, model: 'frontier', models: ['mid', 'frontier'], routeReason: 'escalated to frontier',
          route: { accepted: false, escalations: 1, firstPass: false } };
      }
    },
  });
}

describe('the item explorer readers', () => {
  it('index the first sample of every item per configuration, null where there is no result', () => {
    const { database, runId } = plannedRun();
    const index = readItemOutcomeIndex(database, runId);
    expect(index.items).toEqual([{ itemId: 'a', position: 0, tags: ['easy'] }, { itemId: 'b', position: 1, tags: ['hard', 'math'] }, { itemId: 'c', position: 2, tags: [] }]);
    expect(index.configurations.map((each) => each.name)).toEqual(['all-frontier', 'all-cheap', 'cascade', 'via-mid']);
    expect(index.statuses.get('all-cheap')).toEqual(['pass', 'fail', null]);
    expect(index.statuses.get('all-frontier')).toEqual(['pass', 'pass', 'pass']);
  });

  it('read the records asked for, in that order, with every answer a result used and the tokens of this run\'s calls', () => {
    const { database, runId } = plannedRun();
    const records = [...readItemRecords(database, runId, ['b', 'a', 'missing'])];
    expect(records.map((record) => record.itemId)).toEqual(['b', 'a']);
    const [b, a] = records;
    expect(b!.expected).toEqual({ value: 6 });
    expect(b!.fields).toEqual({ id: 'b', q: '3+3?' });
    expect(b!.results.map((result) => result.configuration)).toEqual(['all-frontier', 'all-cheap', 'cascade', 'via-mid']);
    // The cascade's first answer is the cheap model's, read from all-cheap; its tokens are unknown (no call of this run made it).
    expect(b!.results[2]!.answers).toEqual([
      { model: 'cheap', output: 'It is 7.', inputTokens: null, outputTokens: null },
      { model: 'frontier', output: 'frontier on b', inputTokens: 20, outputTokens: 5 },
    ]);
    expect(b!.results[2]!.route).toEqual({ accepted: false, escalations: 1 });
    // No fixed configuration and no call holds "mid"'s answer: it is unknown, not made up.
    expect(b!.results[3]!.answers[0]).toEqual({ model: 'mid', output: null, inputTokens: null, outputTokens: null });
    // A long output lives in the outputs table and is read whole.
    expect(a!.results.find((result) => result.configuration === 'all-cheap')!.answers[0]!.output).toBe(long);
  });
});
