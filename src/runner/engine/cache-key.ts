import { hash } from 'node:crypto';
import type { Message, ModelSpec } from '../../types/index.js';

/**
 * Everything that shapes an answer, hashed: two requests with the same key
 * would get the same answer, so the second is never paid for. One string,
 * hashed in one call (`crypto.hash`): a streaming hash object per key cost
 * more than the hashing.
 */
export function cacheKey(model: ModelSpec, messages: Message[], sample: number, providerIdentity: unknown): string {
  let text = modelPart(model);
  for (const message of messages) text += JSON.stringify([message.role, message.content]);
  text += JSON.stringify([sample, providerIdentity ?? null]);
  return hash('sha256', text, 'base64url');
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
