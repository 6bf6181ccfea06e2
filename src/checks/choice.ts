import { buildChoiceReader } from './choice-letter.js';
import { quote } from './quote.js';
import { referenceText } from './reference.js';
import { readOptionalText } from './spec-values.js';
import { CheckSpecError } from '../errors.js';
import type { CheckKind, CheckSpec } from '../types/index.js';
import { couldNotGrade, failed, passed } from './verdict.js';

/** The allowed letters of a spec, upper-cased: `choices: ABCDE` or `choices: [A, B, C]`. */
function readChoices(spec: CheckSpec): string[] {
  const written = spec.choices ?? 'ABCD';
  const list = typeof written === 'string' ? Array.from(written.replace(/[\s,]/g, '')) : written;
  if (!Array.isArray(list) || !list.every((choice) => typeof choice === 'string' && /^[A-Za-z0-9]$/.test(choice))) {
    throw new CheckSpecError('`choices` must be letters or digits, as a text like "ABCD" or a list', 'choices');
  }
  const choices = list.map((choice: string) => choice.toUpperCase());
  if (choices.length < 2) throw new CheckSpecError('`choices` needs at least two choices', 'choices');
  if (new Set(choices).size !== choices.length) {
    throw new CheckSpecError(`\`choices\` repeats a choice: ${choices.join(', ')}`, 'choices');
  }
  return choices;
}

/** The reference letter: `B`, `b`, `(B)` or `B.` all mean B; anything else is undefined. */
function referenceChoice(text: string, choices: readonly string[]): string | undefined {
  const letter = /^[\s(\[*]*([A-Za-z0-9])[\s)\].*]*$/.exec(text)?.[1]?.toUpperCase();
  return letter !== undefined && choices.includes(letter) ? letter : undefined;
}

export const choiceKind: CheckKind = {
  type: 'choice',
  summary: 'the letter the output chooses (`B`, `(b)`, `Answer: B`) equals the reference; `choices` default ABCD',
  keys: ['choices', 'value'],
  compile(spec) {
    const choices = readChoices(spec);
    const listed = choices.join(', ');
    const value = readOptionalText(spec, 'value');
    if (value !== undefined && referenceChoice(value, choices) === undefined) {
      throw new CheckSpecError(`\`value\` ${quote(value)} is not one of the choices ${listed}`, 'value');
    }
    const readChoice = buildChoiceReader(choices);
    return {
      type: 'choice',
      acceptsProse: true,
      needsReference: value === undefined,
      grade(output, item) {
        const reference = referenceText(item, value);
        if (!reference.found) return couldNotGrade(reference.reason);
        const expected = referenceChoice(reference.text, choices);
        if (expected === undefined) {
          return couldNotGrade(`the expected answer ${quote(reference.text)} is not one of the choices ${listed}`);
        }
        const reading = readChoice(output);
        if (reading.kind === 'none') return failed(`no choice among ${listed} in ${quote(output)}`);
        if (reading.kind === 'several') {
          return failed(`names several choices (${reading.choices.join(', ')}) in ${quote(output)}`);
        }
        if (reading.choice === expected) return passed(`chose ${reading.choice}`);
        return failed(`expected ${expected}, chose ${reading.choice}`);
      },
    };
  },
};
