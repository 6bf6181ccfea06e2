import type { Check, GenerateResult, Item, Message, ModelSpec, Usage } from '../types/index.js';


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

