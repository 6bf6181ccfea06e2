import { quote } from './quote.js';
import { readOptionalText, readRequiredText } from './spec-values.js';
import { CheckSpecError } from '../errors.js';
import type { CheckKind } from '../types/index.js';
import { failed, passed } from './verdict.js';

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const regexKind: CheckKind = {
  type: 'regex',
  summary: 'the output matches `pattern` (a JavaScript regular expression) with optional `flags`',
  keys: ['pattern', 'flags'],
  compile(spec) {
    const pattern = readRequiredText(spec, 'pattern');
    const flags = readOptionalText(spec, 'flags') ?? '';
    // Flags first, on an empty pattern, so a bad flag is blamed on `flags`, not on `pattern`.
    try {
      new RegExp('', flags);
    } catch (error) {
      throw new CheckSpecError(errorMessage(error), 'flags');
    }
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, flags);
    } catch (error) {
      throw new CheckSpecError(errorMessage(error), 'pattern');
    }
    const shown = `/${pattern}/${flags}`;
    return {
      type: 'regex',
      acceptsProse: true,
      needsReference: false,
      grade(output) {
        // A `g` or `y` flag makes exec start at lastIndex: start every grade afresh.
        regex.lastIndex = 0;
        const match = regex.exec(output);
        if (!match) return failed(`no match for ${shown} in ${quote(output)}`);
        return passed(`${shown} matched ${quote(match[0])}`);
      },
    };
  },
};
