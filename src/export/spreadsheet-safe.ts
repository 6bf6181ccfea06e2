/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and tab
 * or carriage return, per OWASP) as a formula: model outputs are untrusted,
 * so such text cells get a leading apostrophe. Numbers stay numbers.
 */
export function spreadsheetSafe(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
