import type { CheckKind, Item, Verdict } from '../types/index.js';
import { firstJsonDifference } from './json-difference.js';
import { compileFields, type FieldComparison } from './json-fields.js';
import { readJsonInText } from './json-in-text.js';
import { valueAtPath } from './json-path.js';
import { compileJsonSchema, describeSchemaError } from './json-schema.js';
import { quote } from './quote.js';
import { readOptionalFraction } from './spec-values.js';
import { CheckSpecError } from '../errors.js';
import { couldNotGrade, failed, passed, reachesThreshold } from './verdict.js';

type ReferenceJson = { found: true; value: unknown } | { found: false; reason: string };

/** Wrong fields a reason names before summing up the rest. */
const SHOWN_FIELDS = 3;
const SHOWN_LENGTH = 60;

/** A JSON value as a reason shows it, cut short: `"Acme"`, `30`, `{"a":1}`, or `nothing`. */
function showJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = Array.from(JSON.stringify(value));
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 1).join('')}…` : text.join('');
}

/** The item's `expected` as JSON: a mapping or list as it is, a text parsed as JSON. */
function referenceJson(item: Item): ReferenceJson {
  const expected = item.expected;
  if (expected === undefined || expected === null) {
    return { found: false, reason: `item "${item.id}" has no expected answer` };
  }
  if (typeof expected !== 'string') return { found: true, value: expected };
  try {
    return { found: true, value: JSON.parse(expected) as unknown };
  } catch {
    return { found: false, reason: `the expected answer of item "${item.id}" is not JSON` };
  }
}

function gradeFields(value: unknown, item: Item, fields: readonly FieldComparison[], threshold: number): Verdict {
  const reference = referenceJson(item);
  if (!reference.found) return couldNotGrade(reference.reason);
  const wrong: string[] = [];
  for (const field of fields) {
    const expected = valueAtPath(reference.value, field.segments);
    if (!expected.found) return couldNotGrade(`the expected answer of item "${item.id}" has no field "${field.path}"`);
    const actual = valueAtPath(value, field.segments);
    if (!actual.found) wrong.push(`${field.path}: missing`);
    else if (!field.matches(expected.value, actual.value)) {
      wrong.push(`${field.path}: expected ${showJson(expected.value)}, got ${showJson(actual.value)}`);
    }
  }
  const right = fields.length - wrong.length;
  const score = right / fields.length;
  if (wrong.length === 0) return passed(`all ${fields.length} fields match`);
  const more = wrong.length > SHOWN_FIELDS ? `; and ${wrong.length - SHOWN_FIELDS} more` : '';
  const reason = `${right} of ${fields.length} fields match; ${wrong.slice(0, SHOWN_FIELDS).join('; ')}${more}`;
  return { status: reachesThreshold(score, threshold) ? 'pass' : 'fail', score, reason };
}

function gradeWhole(value: unknown, item: Item, hasSchema: boolean): Verdict {
  // Without a reference there is nothing to compare: well-formed (and valid) is the whole test.
  if (item.expected === undefined || item.expected === null) {
    return passed(hasSchema ? 'JSON matching the schema' : 'well-formed JSON');
  }
  const reference = referenceJson(item);
  if (!reference.found) return couldNotGrade(reference.reason);
  const difference = firstJsonDifference(reference.value, value);
  if (difference === undefined) return passed('equals the expected JSON');
  const where = difference.path === '' ? '' : ` at ${difference.path}`;
  return failed(`differs${where}: expected ${showJson(difference.expected)}, got ${showJson(difference.actual)}`);
}

export const jsonKind: CheckKind = {
  type: 'json',
  summary:
    'the output holds JSON (bare, fenced or in prose) valid against `schema`, whose `fields` (or whole value) equal the reference',
  keys: ['schema', 'fields', 'pass_threshold'],
  compile(spec) {
    const validate = spec.schema === undefined ? undefined : compileJsonSchema(spec.schema);
    const fields = spec.fields === undefined ? undefined : compileFields(spec.fields);
    const threshold = readOptionalFraction(spec, 'pass_threshold');
    if (threshold !== undefined && fields === undefined) {
      throw new CheckSpecError('`pass_threshold` applies only with `fields`: the share of fields right', 'pass_threshold');
    }
    return {
      type: 'json',
      acceptsProse: true,
      needsReference: fields !== undefined || validate === undefined,
      grade(output, item) {
        const reading = readJsonInText(output);
        if (!reading.found) return failed(`output is not JSON: ${quote(output)}`);
        if (validate && !validate(reading.value)) {
          const first = validate.errors?.[0];
          return failed(`does not match the schema: ${first ? describeSchemaError(first) : 'invalid'}`);
        }
        if (fields) return gradeFields(reading.value, item, fields, threshold ?? 1);
        return gradeWhole(reading.value, item, validate !== undefined);
      },
    };
  },
};
