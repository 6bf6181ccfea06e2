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
  /** 1 for the first attempt at this answer, 2 for the first retry, ... */
  attempt: number;
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
  /** Replayed answers: what the answer cost and took when it was recorded, and its recorded grade. */
  recorded?: { costUsd?: number; latencyMs?: number; score?: number };
  /** True when the token counts were estimated with the tokenizer, not reported by the provider. */
  usageEstimated?: boolean;
}

/** A provider adapter has one job: one attempt at one answer. Retries, cache and pricing live in the engine. */
export interface Provider {
  generate(request: GenerateRequest): Promise<GenerateResult>;
  /** Fields that make this provider's answers differ, beyond model, settings and messages (for the cache key). */
  identity?(request: GenerateRequest): unknown;
  /**
   * True for answers read from a recording: nothing is paid, nothing is
   * cached, no call is recorded.
   */
  replays?: boolean;
}

/** A replay provider's answer for an item it has no record of, with `on_missing: skip`. */
export class MissingRecordError extends Error {
  constructor(modelName: string, itemId: string) {
    super(`no recorded output of model "${modelName}" for item "${itemId}"`);
    this.name = 'MissingRecordError';
  }
}
