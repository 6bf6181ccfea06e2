import { didYouMean } from '../util/did-you-mean.js';
import { firstJsonDifference } from './json-difference.js';
import { parseJsonPath, type JsonPath } from './json-path.js';
import { buildNormalizer } from './normalize.js';
import { parseWholeNumber } from './number-in-text.js';
import { describeValue, readNonNegativeNumber } from './spec-values.js';
import { CheckSpecError } from '../errors.js';
import type { CheckSpec } from '../types/index.js';

/** One field a `json` check compares with the reference. */
export interface FieldComparison {
  /** As the suite wrote it, for reasons. */
  path: string;
  segments: JsonPath;
  /** True when the output's value counts as the reference's. */
  matches(expected: unknown, actual: unknown): boolean;
}

const fieldKeys = ['path', 'normalize', 'abs_tol', 'rel_tol'] as const;

/** A number, or a text that is one number (`"1,200"`), as tolerances read both sides. */
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return typeof value === 'string' ? parseWholeNumber(value) : undefined;
}

/** Prefixes the key of an error from a reader with the field's position: `fields.1.normalize`. */
function underField<T>(index: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof CheckSpecError)) throw error;
    throw new CheckSpecError(error.message, `fields.${index}${error.key === undefined ? '' : `.${error.key}`}`);
  }
}

function compileField(written: unknown, index: number): FieldComparison {
  const spec: Record<string, unknown> = typeof written === 'string' ? { path: written } : (written as Record<string, unknown>);
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new CheckSpecError(
      `a field must be a path like "parties.0.name" or a mapping with \`path\`, got ${describeValue(written)}`,
      `fields.${index}`,
    );
  }
  for (const key of Object.keys(spec)) {
    if ((fieldKeys as readonly string[]).includes(key)) continue;
    throw new CheckSpecError(
      `unknown key "${key}" for a field${didYouMean(key, fieldKeys)}; known: ${fieldKeys.join(', ')}`,
      `fields.${index}.${key}`,
    );
  }
  const path = spec.path;
  const segments = typeof path === 'string' ? parseJsonPath(path) : undefined;
  if (typeof path !== 'string' || segments === undefined) {
    throw new CheckSpecError(
      `a field needs \`path\`, dotted like "parties.0.name", got ${describeValue(path)}`,
      typeof written === 'string' ? `fields.${index}` : `fields.${index}.path`,
    );
  }
  const normalize = underField(index, () => buildNormalizer(spec.normalize ?? ['whitespace']));
  const asSpec = spec as CheckSpec;
  const tolerant = spec.abs_tol !== undefined || spec.rel_tol !== undefined;
  const absoluteTolerance = underField(index, () => readNonNegativeNumber(asSpec, 'abs_tol', 1e-6));
  const relativeTolerance = underField(index, () => readNonNegativeNumber(asSpec, 'rel_tol', 0));

  function numbersMatch(expected: number, actual: number): boolean {
    const allowed = Math.max(absoluteTolerance, relativeTolerance * Math.abs(expected));
    return Math.abs(actual - expected) <= allowed;
  }

  return {
    path,
    segments,
    matches(expected, actual) {
      // A tolerance says the field is a quantity: "1,200" and 1200 are then the same.
      if (tolerant) {
        const expectedNumber = asNumber(expected);
        const actualNumber = asNumber(actual);
        if (expectedNumber !== undefined && actualNumber !== undefined) return numbersMatch(expectedNumber, actualNumber);
      }
      if (typeof expected === 'number' && typeof actual === 'number') return numbersMatch(expected, actual);
      if (typeof expected === 'string' && typeof actual === 'string') return normalize(expected) === normalize(actual);
      return firstJsonDifference(expected, actual) === undefined;
    },
  };
}

/** The `fields` of a `json` check: a non-empty list of paths or field mappings. */
export function compileFields(written: unknown): FieldComparison[] {
  if (!Array.isArray(written) || written.length === 0) {
    throw new CheckSpecError(`\`fields\` must be a non-empty list of paths, got ${describeValue(written)}`, 'fields');
  }
  return written.map((field: unknown, index) => compileField(field, index));
}
