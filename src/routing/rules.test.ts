import { describe, expect, it } from 'vitest';
import type { Item } from '../suite/types.js';
import { createRulesRouter } from './rules.js';

const item = (tags: string[], fields: Record<string, unknown> = {}): Item => ({ id: 'x', expected: 'a', tags, fields });

describe('rules router', () => {
  const router = createRulesRouter(
    [
      { when: { tags: ['hard'] }, use: 'frontier' },
      { when: { field: 'clause', matches: /indemnif/i }, use: 'frontier' },
      { when: { promptTokens: { min: 100 } }, use: 'mid' },
      { when: { tags: ['legal'], promptTokens: { max: 10 } }, use: 'tiny' },
    ],
    'cheap',
  );

  it('takes the first matching rule, else the default', async () => {
    expect(await router.decide({ item: item(['hard']), prompt: '', promptTokens: 500 })).toEqual({ model: 'frontier', reason: 'rule 1' });
    expect((await router.decide({ item: item([], { clause: 'The INDEMNIFYING party' }), prompt: '', promptTokens: 500 })).reason).toBe('rule 2');
    expect((await router.decide({ item: item([]), prompt: '', promptTokens: 100 })).model).toBe('mid');
    expect(await router.decide({ item: item([]), prompt: '', promptTokens: 99 })).toEqual({ model: 'cheap', reason: 'default' });
  });

  it('needs every condition of a rule to hold', async () => {
    expect((await router.decide({ item: item(['legal']), prompt: '', promptTokens: 10 })).model).toBe('tiny');
    expect((await router.decide({ item: item(['legal']), prompt: '', promptTokens: 11 })).model).toBe('cheap');
    expect((await router.decide({ item: item([], { other: 'indemnify' }), prompt: '', promptTokens: 1 })).model).toBe('cheap');
  });
});
