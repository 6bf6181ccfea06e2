import { describe, expect, it } from 'vitest';
import { ConfigError, formatProblem } from '../errors.js';
import { createRulesRouter } from '../routing/rules.js';
import { parseRouterArgument } from './parse-router-argument.js';

const context = { modelNames: ['big', 'small'], frontier: 'big', seed: 0, baseDir: process.cwd(), referenceFields: [] };

function problemsOf(argument: string): string[] {
  try {
    parseRouterArgument(argument, 'mine', context);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

describe('a rule pattern', () => {
  it('runs in linear time: a catastrophic pattern on a long prompt routes at once', async () => {
    const spec = parseRouterArgument('{ router: rules, rules: [{ when: { matches: "(a+)+$" }, use: big }], default: small }', 'mine', context);
    if (spec.kind !== 'rules') throw new Error(`expected a rules spec, got ${spec.kind}`);
    const router = createRulesRouter(spec.rules, spec.default);
    const view = (prompt: string) => ({ id: '1', prompt, promptTokens: 1, turns: 1, lastTurn: prompt, tags: [], fields: {} });
    expect((await router.decide(view(`${'a'.repeat(10_000)}!`))).model).toBe('small');
    expect((await router.decide(view('a'.repeat(10_000)))).model).toBe('big');
  });

  it('that needs backtracking is a load-time error naming the feature, at its column', () => {
    expect(problemsOf('{ router: rules, rules: [{ when: { matches: "a(?!b)" }, use: big }], default: small }')).toEqual([
      expect.stringMatching(/^--router:1:\d+: rules\[0\]\.when\.matches: lookahead `\(\?=` \/ `\(\?!` is not supported: patterns run on a linear-time engine/),
    ]);
    expect(problemsOf('{ router: rules, rules: [{ when: { matches: a, flags: x }, use: big }], default: small }')).toEqual([
      expect.stringMatching(/rules\[0\]\.when\.flags: unknown or unsupported flag "x"/),
    ]);
  });
});
