import { createHash } from 'node:crypto';
import type { Message, ModelSpec } from '../../types/index.js';

/**
 * Everything that shapes an answer, hashed: two requests with the same key
 * would get the same answer, so the second is never paid for.
 */
export function cacheKey(model: ModelSpec, messages: Message[], sample: number, providerIdentity: unknown): string {
  const hash = createHash('sha256').update(modelPart(model));
  for (const message of messages) hash.update(JSON.stringify([message.role, message.content]));
  return hash.update(JSON.stringify([sample, providerIdentity ?? null])).digest('base64url');
}

const modelParts = new WeakMap<ModelSpec, string>();

/** The model's share of the key, serialised once per model rather than once per call. */
function modelPart(model: ModelSpec): string {
  let part = modelParts.get(model);
  if (part === undefined) {
    part = JSON.stringify([model.provider, model.model, model.settings]);
    modelParts.set(model, part);
  }
  return part;
}
