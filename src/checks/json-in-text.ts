/** The JSON value an output holds, or nothing when it holds none. */
export type JsonReading = { found: true; value: unknown } | { found: false };

const OPENERS: Record<string, string> = { '{': '}', '[': ']' };

/** Fenced code blocks labelled `json` or not labelled at all; other languages are not data. */
const jsonFence = /```[ \t]*(json)?[ \t]*\r?\n([\s\S]*?)```/gi;

function tryParse(text: string): JsonReading {
  try {
    return { found: true, value: JSON.parse(text) as unknown };
  } catch {
    return { found: false };
  }
}

type Span = { kind: 'closed'; end: number } | { kind: 'mismatched' } | { kind: 'unclosed' };

/** How the object or array opening at `start` ends, skipping brackets inside JSON strings. */
function spanFrom(text: string, start: number): Span {
  const expected: string[] = [];
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const character = text[index]!;
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character in OPENERS) expected.push(OPENERS[character]!);
    else if (character === '}' || character === ']') {
      if (expected.pop() !== character) return { kind: 'mismatched' };
      if (expected.length === 0) return { kind: 'closed', end: index + 1 };
    }
  }
  return { kind: 'unclosed' };
}

/**
 * The first balanced top-level object or array in prose that parses. A
 * balanced span that does not parse is skipped whole, so a malformed object
 * never yields one of its own members; a span that never closes (a cut-off
 * answer) ends the search for the same reason.
 */
function firstObjectInProse(text: string): JsonReading {
  const opener = /[{[]/g;
  for (let match = opener.exec(text); match !== null; match = opener.exec(text)) {
    const span = spanFrom(text, match.index);
    if (span.kind === 'unclosed') break;
    // A bracket closed by the wrong one is prose ("[see below}"): look from the next opener.
    if (span.kind === 'mismatched') continue;
    const reading = tryParse(text.slice(match.index, span.end));
    if (reading.found) return reading;
    opener.lastIndex = span.end;
  }
  return { found: false };
}

/**
 * Reads the JSON in a model's output, in order: the whole output; the first
 * fenced block (```json or bare ```) that parses; the first balanced object
 * or array within prose. Strict JSON only: a trailing comma or a comment is
 * not JSON, since a program reading the answer would reject it too.
 */
export function readJsonInText(output: string): JsonReading {
  const text = output.trim();
  const whole = tryParse(text);
  if (whole.found) return whole;
  for (const match of text.matchAll(jsonFence)) {
    const fenced = tryParse(match[2]!.trim());
    if (fenced.found) return fenced;
  }
  return firstObjectInProse(text);
}
