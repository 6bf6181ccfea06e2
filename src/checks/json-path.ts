/** A field of a JSON value: `parties.0.name` reads key `parties`, element 0, key `name`. */
export type JsonPath = readonly string[];

export type FieldReading = { found: true; value: unknown } | { found: false };

/** The segments of a dotted path, or undefined when one is empty (`a..b`, `.a`, ``). */
export function parseJsonPath(path: string): JsonPath | undefined {
  const segments = path.split('.');
  return segments.every((segment) => segment !== '') ? segments : undefined;
}

/**
 * The value at a path. A numeric segment indexes an array, and is an
 * ordinary key in an object (`{"2024": ...}`).
 */
export function valueAtPath(value: unknown, path: JsonPath): FieldReading {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment) || Number(segment) >= current.length) return { found: false };
      current = current[Number(segment)];
    } else if (typeof current === 'object' && current !== null && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return { found: false };
    }
  }
  return { found: true, value: current };
}
