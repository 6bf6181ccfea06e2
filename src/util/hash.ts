/**
 * A fast, well-mixed 32-bit hash of strings (FNV-1a followed by a
 * murmur3-style finaliser). Used for seeded, order-independent randomness:
 * the same seed, model and item always draw the same number, whatever the
 * concurrency.
 */
export function hash32(...parts: Array<string | number>): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = String(part);
    for (let index = 0; index < text.length; index++) {
      hash ^= text.charCodeAt(index);
      hash = Math.imul(hash, 0x01000193);
    }
    hash ^= 0x1f;
    hash = Math.imul(hash, 0x01000193);
  }
  return finishHash32(hash);
}

/** hash32's murmur3-style finaliser of an FNV-1a state: for callers that feed the state themselves (routing/features.ts). */
export function finishHash32(state: number): number {
  let hash = state;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** A uniform number in [0, 1) drawn from the parts. */
export function uniform(...parts: Array<string | number>): number {
  return hash32(...parts) / 4294967296;
}
