/**
 * `{{field}}` templates. Compiled once into literal and field parts so that
 * rendering a million prompts is a join, not a regex scan.
 */
export interface Template {
  source: string;
  fields: string[];
  render(values: Record<string, unknown>): string;
}

const placeholder = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

export function compileTemplate(source: string): Template {
  const literals: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const match of source.matchAll(placeholder)) {
    literals.push(source.slice(last, match.index));
    names.push(match[1]!);
    last = match.index! + match[0].length;
  }
  literals.push(source.slice(last));
  return {
    source,
    fields: [...new Set(names)],
    render(values) {
      let text = literals[0]!;
      for (let index = 0; index < names.length; index++) {
        text += stringify(lookup(values, names[index]!)) + literals[index + 1]!;
      }
      return text;
    },
  };
}

/** A field may be dotted (`party.name`) to reach into an object. */
export function lookup(values: Record<string, unknown>, name: string): unknown {
  if (name in values) return values[name];
  let current: unknown = values;
  for (const part of name.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(stringify).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
