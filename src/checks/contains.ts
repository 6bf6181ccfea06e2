import { quote } from './quote.js';
import { referenceText } from './reference.js';
import { readOneOf, readOptionalText, readOptionalTextList } from './spec-values.js';
import { CheckSpecError } from '../errors.js';
import type { CheckKind, CheckSpec } from '../types/index.js';
import { couldNotGrade, failed, passed } from './verdict.js';

const modes = ['any', 'all'] as const;

function quoteAll(texts: readonly string[]): string {
  return texts.map((text) => quote(text)).join(', ');
}

/** The needles of a spec: `values`, or `value`, or (undefined) the reference. */
function readNeedles(spec: CheckSpec): string[] | undefined {
  const value = readOptionalText(spec, 'value');
  const values = readOptionalTextList(spec, 'values');
  if (value !== undefined && values !== undefined) {
    throw new CheckSpecError('give either `value` or `values`, not both', 'values');
  }
  const needles = values ?? (value === undefined ? undefined : [value]);
  // An empty needle is in every output, so the check could never fail.
  if (needles?.some((needle) => needle === '')) {
    throw new CheckSpecError('an empty text is in every output', values ? 'values' : 'value');
  }
  return needles;
}

/**
 * `contains` and `icontains` differ only in case folding, so both are built
 * here; `icontains.ts` holds the case-insensitive one.
 */
export function buildContainsKind(type: string, ignoreCase: boolean): CheckKind {
  const fold = ignoreCase ? (text: string) => text.toLowerCase() : (text: string) => text;
  const caseNote = ignoreCase ? ', ignoring case' : '';
  return {
    type,
    summary: `the output contains \`value\` (default: the reference), or \`values\` with \`mode\` any|all${caseNote}`,
    keys: ['value', 'values', 'mode'],
    compile(spec) {
      const fixedNeedles = readNeedles(spec);
      const mode = readOneOf(spec, 'mode', modes, 'any');
      return {
        type,
        acceptsProse: true,
        needsReference: fixedNeedles === undefined,
        grade(output, item) {
          let needles = fixedNeedles;
          if (needles === undefined) {
            const reference = referenceText(item, undefined);
            if (!reference.found) return couldNotGrade(reference.reason);
            if (reference.text === '') return couldNotGrade(`the expected answer of item "${item.id}" is empty`);
            needles = [reference.text];
          }
          const haystack = fold(output);
          const present = needles.filter((needle) => haystack.includes(fold(needle)));
          const missing = needles.filter((needle) => !present.includes(needle));
          if (mode === 'all' || needles.length === 1) {
            if (missing.length === 0) return passed(`contains ${quoteAll(needles)}`);
            return failed(`missing ${quoteAll(missing)} in ${quote(output)}`);
          }
          if (present.length > 0) return passed(`contains ${quoteAll(present)}`);
          return failed(`none of ${quoteAll(needles)} in ${quote(output)}`);
        },
      };
    },
  };
}

export const containsKind = buildContainsKind('contains', false);
