/**
 * Normalised token usage of one call. `inputTokens` is the whole prompt,
 * cached part included (OpenAI's convention; Anthropic's is converted to it).
 * Undefined means unknown, never zero.
 */
export interface Usage {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  cachedInputTokens?: number | undefined;
  reasoningTokens?: number | undefined;
}

export interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'error' | 'other';

export interface GenerateResult {
  output: string;
  usage: Usage;
  finishReason: { unified: FinishReason; raw: string | undefined };
  /** The provider's own usage object, kept as it came. */
  rawUsage?: unknown;
  /** The model the server says answered (`model` of the body): a router behind the endpoint names the one it chose. */
  servedModel?: string;
  /** What the server says the call cost in USD (OpenRouter's `usage.cost`), where it says so. */
  reportedCostUsd?: number;
  /** True when the token counts were estimated with the tokenizer, not reported by the provider. */
  usageEstimated?: boolean;
}
