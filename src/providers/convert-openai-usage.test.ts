import { describe, expect, it } from 'vitest';
import { recordedResponse } from './__fixtures__/fake-server.js';
import { convertOpenAiUsage } from './convert-openai-usage.js';

const recorded = JSON.parse(recordedResponse('openai.chat_completion.success.json')) as { usage: Record<string, unknown> };

describe('convertOpenAiUsage', () => {
  it('reads a recorded Chat Completions usage, zeros kept as known zeros', () => {
    expect(convertOpenAiUsage(recorded.usage)).toEqual({ inputTokens: 19, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 0 });
  });

  it('keeps prompt_tokens as the total: OpenAI already counts the cached part in it', () => {
    const usage = {
      ...recorded.usage,
      prompt_tokens: 2006,
      completion_tokens: 300,
      prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 192 },
    };
    expect(convertOpenAiUsage(usage)).toEqual({ inputTokens: 2006, outputTokens: 300, cachedInputTokens: 1920, reasoningTokens: 192 });
  });

  it('leaves the splits unknown when a compatible server sends no details', () => {
    const usage = convertOpenAiUsage({ prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 });
    expect(usage.inputTokens).toBe(12);
    expect(usage.cachedInputTokens).toBeUndefined();
    expect(usage.reasoningTokens).toBeUndefined();
  });

  it('reports everything unknown, never zero, when usage is absent or unreadable', () => {
    const unknown = { inputTokens: undefined, outputTokens: undefined, cachedInputTokens: undefined, reasoningTokens: undefined };
    expect(convertOpenAiUsage(undefined)).toStrictEqual(unknown);
    expect(convertOpenAiUsage(null)).toStrictEqual(unknown);
    expect(convertOpenAiUsage({ prompt_tokens: '19', completion_tokens: -1, prompt_tokens_details: null })).toStrictEqual(unknown);
  });
});
