/** Where two JSON values first differ: the dotted path, and what each side holds there. */
export interface JsonDifference {
  /** Dotted, as `fields` paths are written; empty for the values themselves. */
  path: string;
  expected: unknown;
  actual: unknown;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, segment: string | number): string {
  return path === '' ? String(segment) : `${path}.${segment}`;
}

/**
 * The first difference between two JSON values, or undefined when they are
 * equal. Key order is ignored; array order is not. A key one side lacks shows
 * as `undefined` on that side.
 */
export function firstJsonDifference(expected: unknown, actual: unknown, path = ''): JsonDifference | undefined {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return { path, expected, actual };
    for (let index = 0; index < expected.length; index++) {
      const difference = firstJsonDifference(expected[index], actual[index], join(path, index));
      if (difference) return difference;
    }
    return undefined;
  }
  if (isMapping(expected) && isMapping(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      if (!Object.hasOwn(actual, key) || !Object.hasOwn(expected, key)) {
        return { path: join(path, key), expected: expected[key], actual: actual[key] };
      }
      const difference = firstJsonDifference(expected[key], actual[key], join(path, key));
      if (difference) return difference;
    }
    return undefined;
  }
  return expected === actual ? undefined : { path, expected, actual };
}
