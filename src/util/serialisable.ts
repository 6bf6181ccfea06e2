/** A configuration spec as JSON: RegExps become their `/source/flags` text. */
export function serialisable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (inner instanceof RegExp ? inner.toString() : inner)));
}
