import { createHash } from 'node:crypto';
import type { Message } from '../providers/types.js';
import type { ModelSpec } from '../suite/types.js';

/**
 * Everything that shapes an answer, hashed: two requests with the same key
 * would get the same answer, so the second is never paid for.
 */
export function cacheKey(model: ModelSpec, messages: Message[], sample: number, providerIdentity: unknown): string {
  const shape = [model.provider, model.model, model.settings, messages, sample, providerIdentity ?? null];
  return createHash('sha256').update(JSON.stringify(shape)).digest('base64url');
}
