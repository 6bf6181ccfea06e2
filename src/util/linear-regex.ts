import { RE2JS } from 're2js';

/**
 * Regular expressions from a suite, run on a linear-time engine (RE2JS, a
 * port of RE2). Model outputs are untrusted input: on JavaScript's
 * backtracking engine `(a+)+$` takes seconds on 30 characters and, a few
 * characters later, holds the process at full CPU where not even SIGINT
 * reaches it. RE2 matches in time proportional to the text, for every
 * pattern, so no output can make a check or a rule hang.
 *
 * The price is RE2's syntax: what JavaScript writes, less the features that
 * need backtracking (lookahead, backreferences, atomic groups, possessive
 * quantifiers). Those are refused when the suite loads, by name.
 */
export interface LinearRegex {
  /** `/pattern/flags` as the suite wrote it. */
  readonly shown: string;
  /** Whether the pattern matches anywhere in `text`. */
  test(text: string): boolean;
  /** The leftmost match, or undefined. */
  firstMatch(text: string): string | undefined;
}

/** A pattern or flags the engine cannot run; the message says which and why. */
export class UnsupportedRegexError extends Error {
  constructor(
    message: string,
    /** Which part is at fault, so a suite error can point at its key. */
    readonly part: 'pattern' | 'flags',
  ) {
    super(message);
    this.name = 'UnsupportedRegexError';
  }
}

/** JavaScript flags and what they mean here; `g`, `y`, `d` and `u` change nothing for a test. */
const flagBits: Readonly<Record<string, number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  g: 0,
  y: 0,
  d: 0,
  u: 0,
};

const unsupportedHint = 'patterns run on a linear-time engine (RE2 syntax) so that no output can make a check hang';

/**
 * The first feature in `pattern` that only a backtracking engine can run,
 * found by a scan that knows escapes and character classes. It runs before
 * RE2JS's translation from JavaScript syntax, which would read `\k<x>` as
 * `k<x>` and `\8` as `8`, as JavaScript does without the `u` flag.
 */
function backtrackingFeatureIn(pattern: string): string | undefined {
  let inClass = false;
  for (let at = 0; at < pattern.length; at++) {
    const character = pattern[at];
    if (character === '\\') {
      const next = pattern[at + 1] ?? '';
      if ((next >= '1' && next <= '9') || (next === 'k' && pattern[at + 2] === '<')) {
        return 'a backreference (`\\1`, `\\k<name>`)';
      }
      at++;
    } else if (inClass) {
      if (character === ']') inClass = false;
    } else if (character === '[') {
      inClass = true;
    } else if (character === '(' && pattern[at + 1] === '?') {
      const kind = pattern[at + 2];
      if (kind === '=' || kind === '!') return 'lookahead `(?=` / `(?!`';
      if (kind === '>') return 'an atomic group `(?>`';
    }
  }
  return undefined;
}

/** RE2JS's words for what it refused, in the suite's terms. */
function engineProblem(engineMessage: string): string {
  const problem = engineMessage.replace(/^error parsing regexp: /, '');
  if (problem.startsWith('invalid nested repetition operator')) {
    return `a possessive or doubled quantifier is not supported (${problem.slice(problem.indexOf('`'))}): ${unsupportedHint}`;
  }
  if (problem.startsWith('invalid capture in lookbehind')) {
    return `a lookbehind may not capture: use (?:...) inside it (${unsupportedHint})`;
  }
  // Syntax JavaScript has and RE2 lacks shows up as these two.
  const unsupported = /unsupported|invalid escape|invalid named capture/.test(problem);
  return `invalid regular expression: ${problem}${unsupported ? ` (${unsupportedHint})` : ''}`;
}

function flagsOf(flags: string): number {
  let bits = 0;
  for (const flag of flags) {
    const bit = flagBits[flag];
    if (bit === undefined) {
      throw new UnsupportedRegexError(`unknown or unsupported flag "${flag}" (use any of i, m, s)`, 'flags');
    }
    bits |= bit;
  }
  return bits;
}

/**
 * Compiles a JavaScript-style pattern (`\u0041`, `(?<name>…)` and `/` are
 * translated) with JavaScript flags. Throws UnsupportedRegexError.
 */
export function compileLinearRegex(pattern: string, flags = ''): LinearRegex {
  const bits = flagsOf(flags);
  const feature = backtrackingFeatureIn(pattern);
  if (feature) throw new UnsupportedRegexError(`${feature} is not supported: ${unsupportedHint}`, 'pattern');
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern), bits | RE2JS.LOOKBEHINDS);
  } catch (error) {
    throw new UnsupportedRegexError(engineProblem(error instanceof Error ? error.message : String(error)), 'pattern');
  }
  return {
    shown: `/${pattern}/${flags}`,
    test: (text) => compiled.test(text),
    firstMatch(text) {
      const matcher = compiled.matcher(text);
      return matcher.find() ? (matcher.group(0) ?? '') : undefined;
    },
  };
}
