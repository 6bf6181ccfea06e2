import type { MockFaults, MockSettings } from '../types/index.js';
import { isPlainObject, Validator, type PlainObject } from '../yaml/validator.js';
import type { DocumentPath } from '../yaml/yaml-source.js';

/** A mock model's keys (`quality`, latency, `faults`, scripted `replies`), read where the suite names them. */
export function parseMockSettings(spec: PlainObject, path: DocumentPath, validator: Validator): MockSettings {
  const latencyMs = validator.number(spec, 'latency_ms', path, { min: 0 }) ?? 0;
  const latencyJitterMs = validator.number(spec, 'latency_jitter_ms', path, { min: 0 }) ?? 0;
  const quality = { default: 0.9, byTag: {} as Record<string, number> };
  const value = spec.quality;
  const qualityPath = [...path, 'quality'];
  if (typeof value === 'number') {
    quality.default = validator.number(spec, 'quality', path, { min: 0, max: 1 }) ?? quality.default;
  } else if (isPlainObject(value)) {
    for (const tag of Object.keys(value)) {
      const probability = validator.number(value, tag, qualityPath, { min: 0, max: 1 });
      if (probability === undefined) continue;
      if (tag === 'default') quality.default = probability;
      else quality.byTag[tag] = probability;
    }
  } else if (value !== undefined) {
    validator.report(qualityPath, 'must be a probability (0.9) or a mapping by tag ({ default: 0.95, hard: 0.6 })');
  }
  const replies = validator.stringList(spec, 'replies', path);
  if (replies !== undefined && replies.length === 0) validator.report([...path, 'replies'], 'must list at least one reply');
  return { quality, latencyMs, latencyJitterMs, faults: parseFaults(spec.faults, [...path, 'faults'], validator), replies };
}

const faultKeys = ['rate_limit', 'server_error', 'timeout', 'malformed', 'retry_after_ms'];

function parseFaults(value: unknown, path: DocumentPath, validator: Validator): MockFaults {
  const none = { rateLimit: 0, serverError: 0, timeout: 0, malformed: 0, retryAfterMs: 100 };
  if (value === undefined) return none;
  const spec = validator.object(value, path, 'a mapping of fault shares, e.g. { rate_limit: 0.05, server_error: 0.02 }');
  if (!spec) return none;
  validator.knownKeys(spec, path, faultKeys);
  const share = (key: string) => validator.number(spec, key, path, { min: 0, max: 1 }) ?? 0;
  const faults = {
    rateLimit: share('rate_limit'),
    serverError: share('server_error'),
    timeout: share('timeout'),
    malformed: share('malformed'),
    retryAfterMs: validator.number(spec, 'retry_after_ms', path, { min: 0 }) ?? none.retryAfterMs,
  };
  if (faults.rateLimit + faults.serverError + faults.timeout + faults.malformed > 1) {
    validator.report(path, 'the fault shares add up to more than 1');
  }
  return faults;
}

/** The suite's `mock:` block: how often mock models fail the same items (default 0.5). */
export function parseMockBlock(root: PlainObject, validator: Validator): number {
  if (root.mock === undefined) return 0.5;
  const mock = validator.object(root.mock, ['mock']);
  if (!mock) return 0.5;
  validator.knownKeys(mock, ['mock'], ['correlation']);
  return validator.number(mock, 'correlation', ['mock'], { min: 0, max: 1 }) ?? 0.5;
}
