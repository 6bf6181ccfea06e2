import { describe, expect, it } from 'vitest';
import { compileCheck } from '../checks/index.js';
import type { Item, ModelSpec } from '../types/index.js';
import { qualityFor } from './mock-answers.js';
import { createMockModel } from './mock-model.js';

const countTokens = (text: string) => text.split(/\s+/).filter(Boolean).length;

function model(name: string, quality: number, byTag: Record<string, number> = {}, latencyMs = 0): ModelSpec {
  return {
    name,
    provider: 'mock',
    model: name,
    price: { inputPerMtokUsd: 1, outputPerMtokUsd: 1, source: 'suite' },
    settings: {},
    mock: { quality: { default: quality, byTag }, latencyMs, latencyJitterMs: 0, faults: { rateLimit: 0, serverError: 0, timeout: 0, malformed: 0, retryAfterMs: 0 } },
    limits: { timeoutMs: 1000, maxAttempts: 1 },
  };
}

const items: Item[] = Array.from({ length: 2000 }, (_, index) => ({
  id: `i${index}`,
  expected: index % 2 === 0 ? 'yes' : String(1000 + index),
  tags: index % 4 === 0 ? ['hard'] : ['easy'],
  fields: {},
}));

describe('mock provider', () => {
  const exact = [compileCheck({ type: 'exact' })];
  const numeric = [compileCheck({ type: 'numeric' })];

  it('answers right with the configured probability per tag, and wrong answers fail the checks', async () => {
    const provider = createMockModel({ seed: 1, correlation: 0, countTokens });
    const cheap = model('cheap', 0.9, { hard: 0.3 });
    let easyRight = 0;
    let hardRight = 0;
    for (const item of items) {
      const checks = item.expected === 'yes' ? exact : numeric;
      const result = await provider.attempt({ model: cheap, messages: [{ role: 'user', content: 'q' }], item, sample: 0, attempt: 1, checks });
      const verdict = checks[0]!.grade(result.output, item);
      expect(verdict.status).not.toBe('error');
      if (verdict.status === 'pass') {
        if (item.tags.includes('hard')) hardRight++;
        else easyRight++;
      }
    }
    // 1,500 easy items at 0.9 and 500 hard at 0.3: within about four standard errors.
    expect(easyRight / 1500).toBeGreaterThan(0.87);
    expect(easyRight / 1500).toBeLessThan(0.93);
    expect(hardRight / 500).toBeGreaterThan(0.24);
    expect(hardRight / 500).toBeLessThan(0.36);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const run = async (seed: number) => {
      const provider = createMockModel({ seed, correlation: 0.5, countTokens });
      const outputs: string[] = [];
      for (const item of items.slice(0, 200)) {
        const result = await provider.attempt({ model: model('m', 0.5), messages: [], item, sample: 0, attempt: 1, checks: exact });
        outputs.push(result.output);
      }
      return outputs;
    };
    expect(await run(3)).toEqual(await run(3));
    expect(await run(3)).not.toEqual(await run(4));
  });

  it('puts the reference in a sentence only when every check allows prose', async () => {
    const provider = createMockModel({ seed: 2, correlation: 0, countTokens });
    const item: Item = { id: 'x', expected: '42', tags: [], fields: {} };
    const exactOutputs = new Set<string>();
    const proseOutputs = new Set<string>();
    for (let sample = 0; sample < 20; sample++) {
      exactOutputs.add((await provider.attempt({ model: model('m', 1), messages: [], item, sample, attempt: 1, checks: exact })).output);
      proseOutputs.add((await provider.attempt({ model: model('m', 1), messages: [], item, sample, attempt: 1, checks: numeric })).output);
    }
    expect([...exactOutputs]).toEqual(['42']);
    expect([...proseOutputs].some((output) => output !== '42' && output.includes('42'))).toBe(true);
  });

  it('with full correlation, the stronger model is right wherever the weaker one is', async () => {
    const provider = createMockModel({ seed: 5, correlation: 1, countTokens });
    for (const item of items.slice(0, 300)) {
      const request = { messages: [], item, sample: 0, attempt: 1, checks: exact };
      const weak = await provider.attempt({ ...request, model: model('weak', 0.4) });
      const strong = await provider.attempt({ ...request, model: model('strong', 0.8) });
      if (exact[0]!.grade(weak.output, item).status === 'pass') expect(exact[0]!.grade(strong.output, item).status).toBe('pass');
    }
  });

  it('counts usage with the token counter and really waits its latency', async () => {
    const provider = createMockModel({ seed: 1, correlation: 0, countTokens });
    const started = performance.now();
    const result = await provider.attempt({ model: model('m', 1, {}, 40), messages: [{ role: 'user', content: 'a b c' }], item: items[0]!, sample: 0, attempt: 1, checks: exact });
    expect(performance.now() - started).toBeGreaterThanOrEqual(35);
    expect(result.usage).toEqual({ inputTokens: 3, outputTokens: countTokens(result.output) });
  });

  it('takes the hardest matching tag', () => {
    const settings = model('m', 0.9, { hard: 0.5, legal: 0.7 }).mock!;
    expect(qualityFor(settings, ['legal', 'hard'])).toBe(0.5);
    expect(qualityFor(settings, ['other'])).toBe(0.9);
  });
});
