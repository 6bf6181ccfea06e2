import { quote } from './quote.js';
import { readOptionalText, readRequiredText } from './spec-values.js';
import { CheckSpecError } from '../errors.js';
import type { CheckKind } from '../types/index.js';
import { failed, passed } from './verdict.js';
import { compileLinearRegex, UnsupportedRegexError, type LinearRegex } from '../util/linear-regex.js';

export const regexKind: CheckKind = {
  type: 'regex',
  summary: 'the output matches `pattern` (a regular expression in RE2 syntax, run in linear time) with optional `flags`',
  keys: ['pattern', 'flags'],
  compile(spec) {
    const pattern = readRequiredText(spec, 'pattern');
    const flags = readOptionalText(spec, 'flags') ?? '';
    let regex: LinearRegex;
    try {
      regex = compileLinearRegex(pattern, flags);
    } catch (error) {
      if (error instanceof UnsupportedRegexError) throw new CheckSpecError(error.message, error.part);
      throw error;
    }
    const shown = regex.shown;
    return {
      type: 'regex',
      acceptsProse: true,
      needsReference: false,
      grade(output) {
        const match = regex.firstMatch(output);
        if (match === undefined) return failed(`no match for ${shown} in ${quote(output)}`);
        return passed(`${shown} matched ${quote(match)}`);
      },
    };
  },
};
