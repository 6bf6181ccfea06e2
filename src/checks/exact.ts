import { buildNormalizer } from './normalize.js';
import { quote } from './quote.js';
import { referenceText } from './reference.js';
import { readOptionalText } from './spec-values.js';
import type { CheckKind } from '../types/index.js';
import { couldNotGrade, failed, passed } from './verdict.js';

export const exactKind: CheckKind = {
  type: 'exact',
  summary: 'the whole output equals the reference after `normalize` (default: whitespace)',
  keys: ['value', 'normalize'],
  compile(spec) {
    const value = readOptionalText(spec, 'value');
    const normalize = buildNormalizer(spec.normalize ?? ['whitespace']);
    return {
      type: 'exact',
      acceptsProse: false,
      needsReference: value === undefined,
      grade(output, item) {
        const reference = referenceText(item, value);
        if (!reference.found) return couldNotGrade(reference.reason);
        if (normalize(output) === normalize(reference.text)) return passed(`equals ${quote(reference.text)}`);
        return failed(`expected ${quote(reference.text)}, got ${quote(output)}`);
      },
    };
  },
};
