import type { Check } from '../checks/types.js';
import type { Usage } from '../pricing/cost.js';
import type { Item, ModelSpec } from '../suite/types.js';

export interface Message {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface GenerateRequest {
  model: ModelSpec;
  messages: Message[];
  /** The item being answered: only the mock and replay providers look at it. */
  item: Item;
  /** Which of the repeated samples of this item this is (0-based). */
  sample: number;
  /** The checks that will grade the answer; the mock uses them to make wrong answers fail. */
  checks: Check[];
  signal?: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'error' | 'other';

export interface GenerateResult {
  output: string;
  usage: Usage;
  finishReason: { unified: FinishReason; raw: string | undefined };
  /** The provider's own usage object, kept as it came. */
  rawUsage?: unknown;
}

/** A provider adapter has one job: one attempt at one answer. Retries, cache and pricing live in the engine. */
export interface Provider {
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Fields that make this provider's answers differ, beyond model, settings and messages (for the cache key). */
  identity?(request: GenerateRequest): unknown;
}
