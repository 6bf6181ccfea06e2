import type { Problem } from '../errors.js';
import type { CheckSpec } from '../checks/types.js';
import type { Item } from './types.js';
import type { DatasetRow } from './read-dataset.js';
import { didYouMean } from '../util/did-you-mean.js';
import { lookup } from './template.js';

/** Beyond this many, problems of one kind are summarised in one line. */
const maxProblemsPerKind = 20;

export interface ItemsParsed {
  items: Item[];
  problems: Problem[];
}

/**
 * Turns raw rows into items: ids present and unique, tags a list, every field
 * the prompt reads present. Checks are compiled by the caller.
 */
export function parseItems(rows: DatasetRow[], promptFields: string[], requireExpected: boolean): ItemsParsed {
  const problems: Problem[] = [];
  const counts = new Map<string, number>();
  const report = (kind: string, problem: Problem) => {
    const count = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, count);
    if (count <= maxProblemsPerKind) problems.push(problem);
  };
  const firstSeen = new Map<string, number | undefined>();
  const items: Item[] = [];
  for (const row of rows) {
    const fields = row.fields;
    const rawId = fields.id;
    const location = row.locate([]);
    if (rawId === undefined || rawId === null || rawId === '') {
      report('id', { location, message: 'item has no `id`; give every item a unique id' });
      continue;
    }
    if (typeof rawId !== 'string' && typeof rawId !== 'number') {
      report('id', { location: row.locate(['id']), message: '`id` must be a string or a number' });
      continue;
    }
    const id = String(rawId);
    if (firstSeen.has(id)) {
      const first = firstSeen.get(id);
      report('duplicate', {
        location: row.locate(['id']),
        message: `duplicate id "${id}"${first === undefined ? '' : ` (first at line ${first})`}; ids must be unique`,
      });
      continue;
    }
    firstSeen.set(id, location.line);
    const tags = parseTags(fields.tags);
    if (tags === undefined) {
      report('tags', { location: row.locate(['tags']), message: '`tags` must be a list of strings' });
      continue;
    }
    let checks: CheckSpec[] | undefined;
    if (fields.checks !== undefined) {
      if (!Array.isArray(fields.checks)) {
        report('checks', { location: row.locate(['checks']), message: '`checks` must be a list of checks' });
        continue;
      }
      checks = fields.checks as CheckSpec[];
    }
    if (requireExpected && checks === undefined && (fields.expected === undefined || fields.expected === null)) {
      report('expected', { location, message: `item "${id}" has no \`expected\` reference; the checks need one` });
      continue;
    }
    const missing = promptFields.filter((field) => lookup(fields, field) === undefined);
    if (missing.length > 0) {
      report('template', {
        location,
        message: `item "${id}" lacks ${missing.map((field) => `"${field}"${didYouMean(field, Object.keys(fields))}`).join(', ')}, which the prompt uses`,
      });
      continue;
    }
    items.push({ id, expected: fields.expected, tags, checks, fields });
  }
  for (const [kind, count] of counts) {
    if (count > maxProblemsPerKind) {
      problems.push({ message: `... and ${count - maxProblemsPerKind} more items with the same kind of problem (${kind})` });
    }
  }
  return { items, problems };
}

function parseTags(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((tag) => typeof tag === 'string' || typeof tag === 'number')) {
    return value.map(String);
  }
  return undefined;
}
