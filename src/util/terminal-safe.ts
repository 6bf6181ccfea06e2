/** Characters that reorder text (embeddings, overrides, isolates, marks): `abc\u202Efed` shows as `abcdef`. */
const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const controlsButCarriageReturn = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
/** Anything any of the replacements below would touch: most text has none, and is returned as it is. */
const anythingToStrip = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** The progress line's own sequence: erase to the end of the line. */
const eraseLine = '\u001b[K';

function strip(text: string, controlCharacters: RegExp): string {
  if (!anythingToStrip.test(text)) return text;
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, '')
    .replace(/\u001b[@-_]/g, '')
    .replace(/\u009b[0-?]*[ -/]*[@-~]/g, '')
    .replace(controlCharacters, '')
    .replace(bidiControls, '');
}

/**
 * Text from a model or a suite, made safe to print on a terminal: escape
 * sequences (CSI, OSC, and other ESC forms), control characters other than
 * newline and tab, and bidirectional controls are removed, so an answer
 * cannot move the cursor, retitle the window, hide text or show it reordered.
 */
export function terminalSafe(text: string): string {
  return strip(text, controls);
}

/**
 * Whatever route-bench writes to a terminal, made safe as `terminalSafe`
 * makes a model's text, but for the progress line's own carriage return and
 * erase-line.
 */
export function terminalOutput(text: string): string {
  if (!anythingToStrip.test(text)) return text;
  return text.split(eraseLine).map((part) => strip(part, controlsButCarriageReturn)).join(eraseLine);
}

/** One line of at most `length` characters, for tables and lists. */
export function preview(text: string, length = 80): string {
  const line = terminalSafe(text).replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
