import { CheckSpecError } from '../errors.js';
import type { CheckSpec } from '../types/index.js';

// Readers for the keys of a check spec. Each throws CheckSpecError on the key
// it reads, so the suite loader can point at the offending line.

/** A value as a reason shows it: `a list`, `a mapping`, `string "x"`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Text, or undefined when the key is absent. A number is accepted as its
 * text because YAML reads `value: 30` as a number.
 */
export function readOptionalText(spec: CheckSpec, key: string): string | undefined {
  const value = spec[key];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new CheckSpecError(`\`${key}\` must be text, got ${describeValue(value)}`, key);
}

export function readRequiredText(spec: CheckSpec, key: string): string {
  const text = readOptionalText(spec, key);
  if (text === undefined) throw new CheckSpecError(`check "${spec.type}" needs \`${key}\``, key);
  return text;
}

/** A non-empty list of texts, or undefined when the key is absent. */
export function readOptionalTextList(spec: CheckSpec, key: string): string[] | undefined {
  const value = spec[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new CheckSpecError(`\`${key}\` must be a non-empty list of texts, got ${describeValue(value)}`, key);
  }
  return value.map((element: unknown, index) => {
    if (typeof element === 'string') return element;
    if (typeof element === 'number' && Number.isFinite(element)) return String(element);
    throw new CheckSpecError(`\`${key}\` item ${index + 1} must be text, got ${describeValue(element)}`, key);
  });
}

/** A finite number at or above zero, or the default when the key is absent. */
export function readNonNegativeNumber(spec: CheckSpec, key: string, defaultValue: number): number {
  const value = spec[key];
  if (value === undefined) return defaultValue;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new CheckSpecError(`\`${key}\` must be a number at or above 0, got ${describeValue(value)}`, key);
  }
  return value;
}

/** One of a fixed set of words, or the default when the key is absent. */
export function readOneOf<Option extends string>(
  spec: CheckSpec,
  key: string,
  options: readonly Option[],
  defaultValue: Option,
): Option {
  const value = spec[key];
  if (value === undefined) return defaultValue;
  if (typeof value === 'string' && (options as readonly string[]).includes(value)) return value as Option;
  throw new CheckSpecError(`\`${key}\` must be one of ${options.join(', ')}, got ${describeValue(value)}`, key);
}

/** A number from 0 to 1 (a share or a score), or undefined when the key is absent. */
export function readOptionalFraction(spec: CheckSpec, key: string): number | undefined {
  const value = spec[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new CheckSpecError(`\`${key}\` must be a number from 0 to 1, got ${describeValue(value)}`, key);
  }
  return value;
}
