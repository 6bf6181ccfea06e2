import type { Problem, SourceLocation } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { formatPath, type DocumentPath } from './yaml-source.js';

export interface Locator {
  locate(path: DocumentPath): SourceLocation;
  locateKey(path: DocumentPath): SourceLocation;
}

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface NumberRule {
  required?: boolean;
  min?: number;
  /** The value must be strictly greater than this. */
  above?: number;
  max?: number;
  integer?: boolean;
}

/**
 * Reads values out of a parsed document and collects every problem it meets
 * instead of stopping at the first, each with the place it was written.
 */
export class Validator {
  readonly problems: Problem[] = [];

  constructor(private readonly locator: Locator) {}

  report(path: DocumentPath, message: string, at: 'value' | 'key' = 'value'): void {
    const location = at === 'key' ? this.locator.locateKey(path) : this.locator.locate(path);
    this.problems.push({ location, path: formatPath(path) || undefined, message });
  }

  object(value: unknown, path: DocumentPath, what = 'a mapping'): PlainObject | undefined {
    if (isPlainObject(value)) return value;
    this.report(path, `must be ${what}, got ${describe(value)}`);
    return undefined;
  }

  /** Reports every key of `object` that is not allowed, with a suggestion. */
  knownKeys(object: PlainObject, path: DocumentPath, allowed: readonly string[]): void {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) {
        this.report([...path, key], `unknown key "${key}"${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}`, 'key');
      }
    }
  }

  string(object: PlainObject, key: string, path: DocumentPath, required = false): string | undefined {
    const value = object[key];
    if (value === undefined || value === null) {
      if (required) this.report(path, `missing required key "${key}"`);
      return undefined;
    }
    if (typeof value === 'string' && value.trim() !== '') return value;
    const quoted = typeof value === 'number' || typeof value === 'boolean' ? `; to mean the text, quote it: ${key}: "${String(value)}"` : '';
    this.report([...path, key], `must be a non-empty string, got ${describe(value)}${quoted}`);
    return undefined;
  }

  number(object: PlainObject, key: string, path: DocumentPath, rule: NumberRule = {}): number | undefined {
    const value = object[key];
    const at = [...path, key];
    if (value === undefined || value === null) {
      if (rule.required) this.report(path, `missing required key "${key}"`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.report(at, `must be a number, got ${describe(value)}`);
      return undefined;
    }
    if (rule.integer && !Number.isInteger(value)) return this.reject(at, `must be a whole number, got ${value}`);
    if (rule.min !== undefined && value < rule.min) return this.reject(at, `must be at least ${rule.min}, got ${value}`);
    if (rule.above !== undefined && value <= rule.above) {
      return this.reject(at, `must be greater than ${rule.above}, got ${value}`);
    }
    if (rule.max !== undefined && value > rule.max) return this.reject(at, `must be at most ${rule.max}, got ${value}`);
    return value;
  }

  stringList(object: PlainObject, key: string, path: DocumentPath): string[] | undefined {
    const value = object[key];
    if (value === undefined || value === null) return undefined;
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string' && typeof entry !== 'number')) {
      this.report([...path, key], `must be a list of strings, got ${describe(value)}`);
      return undefined;
    }
    return list.map(String);
  }

  /** A name that must be one of `known`, such as a model named by a configuration. */
  oneOf(value: unknown, path: DocumentPath, known: readonly string[], what: string): string | undefined {
    if (typeof value !== 'string') {
      this.report(path, `must name a ${what}, got ${describe(value)}`);
      return undefined;
    }
    if (known.includes(value)) return value;
    const listing = known.length > 0 ? `; known: ${known.join(', ')}` : '';
    this.report(path, `unknown ${what} "${value}"${didYouMean(value, known)}${listing}`);
    return undefined;
  }

  private reject(path: DocumentPath, message: string): undefined {
    this.report(path, message);
    return undefined;
  }
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  return `${typeof value} ${String(value)}`;
}
