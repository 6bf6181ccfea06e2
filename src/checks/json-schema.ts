import { createRequire } from 'node:module';
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';
import { CheckSpecError } from '../errors.js';
import { compileLinearRegex } from '../util/linear-regex.js';

const require = createRequire(import.meta.url);

/**
 * One Ajv for every schema. Strict mode turns a misspelt keyword
 * (`requried`) or an unknown format into an error at compile time instead of
 * a schema that quietly accepts everything. Its checks of style (`required`
 * without `properties`, types not spelt out) are off: they refuse or print
 * warnings about schemas that are valid.
 * `addUsedSchema: false` keeps two suites that reuse an `$id` from colliding.
 */
let ajvInstance: AjvInstance | undefined;

/**
 * Ajv's hook for its regular expressions (`code.regExp`): RE2 instead of
 * RegExp, so no `pattern` in a schema can hang on an output. A pattern RE2
 * cannot run throws, and Ajv refuses the schema with that message.
 */
const linearRegExpEngine = Object.assign(
  (pattern: string) => {
    const regex = compileLinearRegex(pattern);
    return { test: regex.test, toString: () => regex.shown };
  },
  { code: 'linearRegExpEngine' },
);

/** Loaded on the first schema (20 ms): a suite without one never pays for Ajv. */
function ajvOf(): AjvInstance {
  if (!ajvInstance) {
    const { Ajv } = require('ajv') as typeof import('ajv');
    ajvInstance = new Ajv({
      strict: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
      logger: false,
      addUsedSchema: false,
      // `pattern` and `patternProperties` meet model output: match them in linear time.
      code: { regExp: linearRegExpEngine },
    });
  }
  return ajvInstance;
}

/** Compiled validators by the schema's canonical text: each distinct schema compiles once. */
const validators = new Map<string, ValidateFunction>();

/** JSON with keys sorted at every level, so key order does not make two schemas distinct. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A validator for an inline JSON Schema (draft-07). Throws CheckSpecError on
 * the `schema` key with Ajv's message for a schema Ajv refuses.
 */
export function compileJsonSchema(schema: unknown): ValidateFunction {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    throw new CheckSpecError('`schema` must be a mapping (an inline JSON Schema)', 'schema');
  }
  const key = canonicalJson(schema);
  const cached = validators.get(key);
  if (cached) return cached;
  let validate: ValidateFunction;
  try {
    validate = ajvOf().compile(schema);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const newerDraft = '$schema' in schema && /no schema with key or ref/.test(message);
    const hint = newerDraft ? ' (schemas are read as draft-07; remove `$schema`)' : '';
    throw new CheckSpecError(`invalid JSON Schema: ${message}${hint}`, 'schema');
  }
  validators.set(key, validate);
  return validate;
}

/** Ajv's first error as one line: where in the output, and what is wrong there. */
export function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const extra = error.params.additionalProperty;
  const detail = typeof extra === 'string' ? ` (${JSON.stringify(extra)})` : '';
  return `${where} ${error.message ?? `fails ${error.keyword}`}${detail}`;
}
