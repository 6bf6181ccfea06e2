import type { GenerateResult, Message, ModelSpec } from '../types/index.js';

/** What an adapter is given: the model (id, settings, HTTP settings, limits) and the messages. Nothing of the item or its grading. */
export interface GenerateRequest {
  model: ModelSpec;
  messages: Message[];
  signal?: AbortSignal;
}

/** A provider adapter has one job: one attempt at one answer. Retries, cache and pricing live in the engine. */
export interface Provider {
  generate(request: GenerateRequest): Promise<GenerateResult>;
}
