import { createHash } from 'node:crypto';

/**
 * How `contentHash` makes its hashes, stored beside them: hashes of
 * another scheme are never compared with these.
 */
export const contentHashScheme = 'sha256-canonical-json-16/1';

/**
 * A short hash of a JSON value that does not depend on the order of its
 * object keys: a dataset whose columns were reordered, or a check written
 * with its keys the other way round, hashes the same. 16 hex digits (64 bits)
 * make a chance collision between two items of a suite negligible.
 */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
