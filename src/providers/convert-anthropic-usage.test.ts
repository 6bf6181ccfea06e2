import { describe, expect, it } from 'vitest';
import { recordedResponse } from './__fixtures__/fake-server.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';

const recorded = JSON.parse(recordedResponse('anthropic.message.success.json')) as { usage: Record<string, unknown> };

describe('convertAnthropicUsage', () => {
  it('reads a recorded Messages API usage', () => {
    expect(convertAnthropicUsage(recorded.usage)).toStrictEqual({
      inputTokens: 505,
      outputTokens: 41,
      cachedInputTokens: 0,
      reasoningTokens: undefined,
    });
  });

  it('adds cache reads and cache writes to input_tokens, which leaves both out', () => {
    const usage = { ...recorded.usage, input_tokens: 5, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200 };
    expect(convertAnthropicUsage(usage)).toMatchObject({ inputTokens: 1205, cachedInputTokens: 1000, outputTokens: 41 });
  });

  it('takes missing or null cache fields as no caching, and the cached count as unknown', () => {
    expect(convertAnthropicUsage({ input_tokens: 30, output_tokens: 4 })).toMatchObject({ inputTokens: 30, cachedInputTokens: undefined });
    const usage = convertAnthropicUsage({ input_tokens: 30, output_tokens: 4, cache_read_input_tokens: null, cache_creation_input_tokens: null });
    expect(usage).toMatchObject({ inputTokens: 30, cachedInputTokens: undefined });
  });

  it('reports everything unknown, never zero, when usage is absent', () => {
    const unknown = { inputTokens: undefined, outputTokens: undefined, cachedInputTokens: undefined, reasoningTokens: undefined };
    expect(convertAnthropicUsage(undefined)).toStrictEqual(unknown);
    // Cache counts alone do not make the prompt size known.
    expect(convertAnthropicUsage({ cache_read_input_tokens: 10 })).toMatchObject({ inputTokens: undefined, cachedInputTokens: 10 });
  });
});
