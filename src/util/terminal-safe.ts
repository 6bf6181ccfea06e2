/**
 * Text from a model, made safe to print on a terminal: escape sequences
 * (CSI, OSC, and other ESC forms) and control characters other than newline
 * and tab are removed, so an answer cannot move the cursor, retitle the
 * window or hide text.
 */
export function terminalSafe(text: string): string {
  return text
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, '')
    .replace(/\u001b[@-_]/g, '')
    .replace(/\u009b[0-?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** One line of at most `length` characters, for tables and lists. */
export function preview(text: string, length = 80): string {
  const line = terminalSafe(text).replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
