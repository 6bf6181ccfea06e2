/** A number as a model or a dataset writes it: `1,234.50`, `42`, `1e3`. */
const DIGITS = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?`;
const CURRENCY = '[$€£¥]';
const MINUS = '[-−]';

/**
 * Every number in a text. A minus counts only when it does not follow a word
 * or a digit, so `16-3` reads as 16 and 3, while `x = -3` reads as -3. Digits
 * glued to a letter (`H2O`, `A1`) are not a number. Currency signs and `%`
 * around a number are ignored: `$20.00` is 20, `15%` is 15.
 */
const numberInProse = new RegExp(
  String.raw`(?:(?<![\p{L}\p{N}_)\]])(${MINUS})${CURRENCY}?)?(?<![\p{L}\p{N}_.])(${DIGITS})`,
  'gu',
);

/**
 * A text that is one number and nothing else, such as a reference `$1,000` or
 * `-3`, read after trimming. Each `\s*` follows a sign that must be there, so
 * no two runs of spaces meet: with `^\s*[-+]?\s*` a long run of spaces
 * splits n ways, and three such runs took cubic time in the text.
 */
const wholeNumber = new RegExp(
  String.raw`^(?:([-−+])\s*)?(?:${CURRENCY}\s*)?(${MINUS}?)(${DIGITS})(?:\s*%)?$`,
  'u',
);

function toNumber(digits: string, negative: boolean): number {
  const magnitude = Number(digits.replace(/,/g, ''));
  return negative ? -magnitude : magnitude;
}

/** The last number in the text, where a model usually states its final answer. */
export function finalNumber(text: string): number | undefined {
  let last: number | undefined;
  for (const match of text.matchAll(numberInProse)) {
    const value = toNumber(match[2]!, match[1] !== undefined);
    if (Number.isFinite(value)) last = value;
  }
  return last;
}

/** The number a text consists of, or undefined when it holds anything else. */
export function parseWholeNumber(text: string): number | undefined {
  const match = wholeNumber.exec(text.trim());
  if (!match) return undefined;
  const negative = match[1] === '-' || match[1] === '−' || match[2] !== '';
  const value = toNumber(match[3]!, negative);
  return Number.isFinite(value) ? value : undefined;
}
