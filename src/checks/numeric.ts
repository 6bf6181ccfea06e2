import type { CheckKind, Item } from '../types/index.js';
import { finalNumber, parseWholeNumber } from './number-in-text.js';
import { quote } from './quote.js';
import { referenceText } from './reference.js';
import { readNonNegativeNumber, readOptionalText } from './spec-values.js';
import { CheckSpecError } from '../errors.js';
import { couldNotGrade, failed, passed } from './verdict.js';

type ReferenceNumber = { found: true; value: number } | { found: false; reason: string };

function referenceNumber(item: Item): ReferenceNumber {
  if (typeof item.expected === 'number') {
    if (Number.isFinite(item.expected)) return { found: true, value: item.expected };
    return { found: false, reason: `the expected answer of item "${item.id}" is not a finite number` };
  }
  const reference = referenceText(item, undefined);
  if (!reference.found) return reference;
  const value = parseWholeNumber(reference.text);
  if (value === undefined) {
    return { found: false, reason: `the expected answer ${quote(reference.text)} is not a number` };
  }
  return { found: true, value };
}

export const numericKind: CheckKind = {
  type: 'numeric',
  summary: 'the last number in the output equals the reference within `abs_tol` (default 1e-6) or `rel_tol`',
  keys: ['value', 'abs_tol', 'rel_tol'],
  compile(spec) {
    const absoluteTolerance = readNonNegativeNumber(spec, 'abs_tol', 1e-6);
    const relativeTolerance = readNonNegativeNumber(spec, 'rel_tol', 0);
    const valueText = readOptionalText(spec, 'value');
    const fixedValue = valueText === undefined ? undefined : parseWholeNumber(valueText);
    if (valueText !== undefined && fixedValue === undefined) {
      throw new CheckSpecError(`\`value\` must be a number, got ${quote(valueText)}`, 'value');
    }
    return {
      type: 'numeric',
      acceptsProse: true,
      needsReference: fixedValue === undefined,
      grade(output, item) {
        const reference: ReferenceNumber =
          fixedValue === undefined ? referenceNumber(item) : { found: true, value: fixedValue };
        if (!reference.found) return couldNotGrade(reference.reason);
        const answer = finalNumber(output);
        if (answer === undefined) return failed('no number in the output');
        const allowed = Math.max(absoluteTolerance, relativeTolerance * Math.abs(reference.value));
        if (answer === reference.value) return passed(`got ${answer}`);
        if (Math.abs(answer - reference.value) <= allowed) return passed(`got ${answer}, within tolerance of ${reference.value}`);
        return failed(`expected ${reference.value}, got ${answer}`);
      },
    };
  },
};
