import { describe, expect, it } from 'vitest';
import type { RoutingView } from '../types/index.js';
import { createRulesRouter } from './rules.js';

const view = (tags: string[], promptTokens: number, fields: Record<string, unknown> = {}): RoutingView => ({ id: 'x', prompt: '', promptTokens, turns: 1, lastTurn: '', tags, fields });

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
    expect(await router.decide(view(['hard'], 500))).toEqual({ model: 'frontier', reason: 'rule 1' });
    expect((await router.decide(view([], 500, { clause: 'The INDEMNIFYING party' }))).reason).toBe('rule 2');
    expect((await router.decide(view([], 100))).model).toBe('mid');
    expect(await router.decide(view([], 99))).toEqual({ model: 'cheap', reason: 'default' });
  });

  it('needs every condition of a rule to hold', async () => {
    expect((await router.decide(view(['legal'], 10))).model).toBe('tiny');
    expect((await router.decide(view(['legal'], 11))).model).toBe('cheap');
    expect((await router.decide(view([], 1, { other: 'indemnify' }))).model).toBe('cheap');
  });

  it('reads `id` from the view, where it is kept apart from the fields', async () => {
    const byId = createRulesRouter([{ when: { field: 'id', matches: /^x$/ }, use: 'frontier' }], 'cheap');
    expect((await byId.decide(view([], 1))).model).toBe('frontier');
  });
});
