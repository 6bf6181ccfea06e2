/** What a multiple-choice output says, read against the allowed letters. */
export type ChoiceReading =
  | { kind: 'chosen'; choice: string }
  | { kind: 'none' }
  | { kind: 'several'; choices: string[] };

const OPENERS = '([*_`"\'“‘';
const CLOSERS = ')]*_`"\'”’';
/** Spaces, markdown emphasis and separators between "answer" and the letter. */
const GLUE = String.raw`(?:[^\S\n]|[*_:=\-])*`;
const NOT_WORD = String.raw`(?![\p{L}\p{N}])`;
/**
 * What may stand between the glue and the letter: openers, beginning with one
 * that is not also glue. `GLUE [OPENERS]*` would read the same texts, but both
 * take `*` and `_`, so a run of them after "answer" splits n ways before the
 * match fails: quadratic time in the run (20,000 asterisks took 0.5 s).
 * Here every split but one fails at its first character.
 */
const OPENER_RUN = `(?:[${inClass(OPENERS.replace(/[*_]/g, ''))}][${inClass(OPENERS)}]*)?`;

/** Characters as the inside of a regular expression class. */
function inClass(characters: string): string {
  return characters.replace(/[\\\]\[^-]/g, '\\$&');
}

function distinct(letters: Iterable<string>): string[] {
  return [...new Set(letters)];
}

/**
 * Builds a reader for one set of choices (single upper-case letters or
 * digits). It tries, in order: the output is the letter alone (`B`, `(B)`,
 * `**B.**`); the last "answer is X"; "option X" mentions; letters marked as
 * labels (`(B)`, `B)`, `**B**`); finally bare upper-case letters. A lower-case
 * letter after "answer" counts only when marked or closing the sentence, so
 * "the answer is a bit unclear" does not choose A.
 */
export function buildChoiceReader(choices: readonly string[]): (output: string) => ChoiceReading {
  const letter = `([${choices.join('')}])`;
  const alone = new RegExp(`^[\\s${inClass(OPENERS)}]*${letter}[\\s${inClass(CLOSERS)}.:!]*$`, 'iu');
  const afterAnswer = new RegExp(
    String.raw`\banswers?\b${GLUE}(?:(?:is|would be|should be|will be)\b${GLUE})?(?:(?:option|choice|letter)\b${GLUE})?${OPENER_RUN}${letter}${NOT_WORD}`,
    'dgiu',
  );
  const afterOption = new RegExp(String.raw`\b(?:option|choice)\b${GLUE}${OPENER_RUN}${letter}${NOT_WORD}`, 'dgiu');
  const marked = [
    new RegExp(String.raw`[(\[]\s*${letter}\s*[)\]]`, 'dgiu'),
    new RegExp(String.raw`\*\*${letter}\*\*`, 'dgiu'),
    new RegExp(String.raw`(?<![\p{L}\p{N}])${letter}\)`, 'dgiu'),
  ];
  // Case-sensitive on purpose: a bare lower-case "a" is an article.
  const bare = new RegExp(String.raw`(?<![\p{L}\p{N}'’])${letter}(?![\p{L}\p{N}'’])`, 'gu');

  function isMarkedOrFinal(text: string, index: number): boolean {
    const before = text[index - 1];
    const after = text[index + 1];
    return (before !== undefined && OPENERS.includes(before)) || after === undefined || `${CLOSERS}.,;:!?\n`.includes(after);
  }

  /** Letters of the matches; a lower-case one only where it cannot be an article or a word. */
  function lettersOf(text: string, pattern: RegExp): string[] {
    const letters: string[] = [];
    for (const match of text.matchAll(pattern)) {
      const found = match[1]!;
      const index = match.indices![1]![0];
      if (found === found.toUpperCase() || isMarkedOrFinal(text, index)) letters.push(found.toUpperCase());
    }
    return letters;
  }

  function decide(letters: string[]): ChoiceReading | undefined {
    const unique = distinct(letters);
    if (unique.length === 0) return undefined;
    if (unique.length === 1) return { kind: 'chosen', choice: unique[0]! };
    return { kind: 'several', choices: unique.sort() };
  }

  return (output) => {
    // NFKC turns full-width letters and brackets (Ｂ, （Ｂ）) into plain ones.
    const text = output.normalize('NFKC');
    const only = alone.exec(text);
    if (only) return { kind: 'chosen', choice: only[1]!.toUpperCase() };
    // The last "answer is" wins: models often restate after reasoning.
    const answered = lettersOf(text, afterAnswer).at(-1);
    if (answered !== undefined) return { kind: 'chosen', choice: answered };
    const fromMarks = [afterOption, ...marked].flatMap((pattern) => lettersOf(text, pattern));
    const bareLetters = Array.from(text.matchAll(bare), (match) => match[1]!);
    return decide(fromMarks) ?? decide(bareLetters) ?? { kind: 'none' };
  };
}
