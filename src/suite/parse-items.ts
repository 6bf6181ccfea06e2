import type { Problem } from '../errors.js';
import type { CheckSpec, Item } from '../types/index.js';
import type { DatasetRow } from './read-dataset.js';
import { didYouMean } from '../util/did-you-mean.js';
import { parseConversation } from '../util/conversation.js';
import { lookup } from '../util/template.js';

/** Beyond this many, problems of one kind are summarised in one line. */
const maxProblemsPerKind = 20;

/**
 * The deepest an item's value may nest. Checks, hashes and the store walk
 * values recursively: 20,000 levels overflowed the stack mid-run, with no
 * file or line. Real items nest a few levels; 64 leaves room for any.
 */
export const maxNesting = 64;

/** How deep `value` nests, counted without recursion, up to `limit + 1`. */
export function nestingDepth(value: unknown, limit = maxNesting): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    const inner = depth + 1;
    if (inner > deepest) deepest = inner;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) pending.push([child, inner]);
    }
  }
  return deepest;
}

/**
 * Turns raw rows into items, one at a time (a dataset may be streamed):
 * ids present and unique, tags a list, every field the prompt reads
 * present. Checks are compiled by the caller.
 */
export class ItemParser {
  private readonly found: Problem[] = [];
  private readonly counts = new Map<string, number>();
  private readonly firstSeen = new Map<string, number | undefined>();
  private accepted = 0;
  /** Items with no `messages` in a suite with no `prompt:`: nothing to ask the models. */
  readonly withoutConversation: { count: number; first?: string } = { count: 0 };

  constructor(
    private readonly rules: { promptFields: string[]; needsReference: boolean; hasPrompt: boolean },
    /** Off for a second pass over rows already checked: the ids of a million items need not be held again. */
    private readonly trackDuplicates = true,
  ) {}

  /** The item a row makes, or undefined (and a problem) when it cannot be one. */
  add(row: DatasetRow): Item | undefined {
    const fields = row.fields;
    const rawId = fields.id;
    const location = row.locate([]);
    if (rawId === undefined || rawId === null || rawId === '') {
      return this.report('id', { location, message: 'item has no `id`; give every item a unique id' });
    }
    if (typeof rawId !== 'string' && typeof rawId !== 'number') {
      return this.report('id', { location: row.locate(['id']), message: '`id` must be a string or a number' });
    }
    const id = String(rawId);
    if (nestingDepth(fields) > maxNesting) {
      return this.report('nesting', { location, message: `item "${id}" nests deeper than ${maxNesting} levels; flatten it (no check reads so deep, and walking it would overflow the stack)` });
    }
    if (this.trackDuplicates && this.firstSeen.has(id)) {
      const first = this.firstSeen.get(id);
      return this.report('duplicate', {
        location: row.locate(['id']),
        message: `duplicate id "${id}"${first === undefined ? '' : ` (first at line ${first})`}; ids must be unique`,
      });
    }
    if (this.trackDuplicates) this.firstSeen.set(id, location.line);
    const tags = parseTags(fields.tags);
    if (tags === undefined) return this.report('tags', { location: row.locate(['tags']), message: '`tags` must be a list of strings' });
    let checks: CheckSpec[] | undefined;
    if (fields.checks !== undefined) {
      if (!Array.isArray(fields.checks)) {
        return this.report('checks', { location: row.locate(['checks']), message: '`checks` must be a list of checks' });
      }
      checks = fields.checks as CheckSpec[];
    }
    if (this.rules.needsReference && checks === undefined && (fields.expected === undefined || fields.expected === null)) {
      return this.report('expected', { location, message: `item "${id}" has no \`expected\` reference; the checks need one` });
    }
    if (fields.messages !== undefined) {
      const conversation = parseConversation(fields.messages);
      if ('error' in conversation) return this.report('messages', { location: row.locate(['messages']), message: `item "${id}": ${conversation.error}` });
      return { id, position: this.accepted++, expected: fields.expected, tags, checks, fields, messages: conversation.messages };
    }
    if (!this.rules.hasPrompt) {
      // One problem for the suite, not one per item: the prompt is what is missing (load-suite.ts says so).
      this.withoutConversation.count++;
      this.withoutConversation.first ??= id;
      return undefined;
    }
    const missing = this.rules.promptFields.filter((field) => lookup(fields, field) === undefined);
    if (missing.length > 0) {
      return this.report('template', {
        location,
        message: `item "${id}" lacks ${missing.map((field) => `"${field}"${didYouMean(field, Object.keys(fields))}`).join(', ')}, which the prompt uses`,
      });
    }
    return { id, position: this.accepted++, expected: fields.expected, tags, checks, fields };
  }

  /** Every problem so far, with one summary line per kind past the first few. */
  problems(): Problem[] {
    const problems = [...this.found];
    for (const [kind, count] of this.counts) {
      if (count > maxProblemsPerKind) {
        problems.push({ message: `... and ${count - maxProblemsPerKind} more items with the same kind of problem (${kind})` });
      }
    }
    return problems;
  }

  private report(kind: string, problem: Problem): undefined {
    const count = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, count);
    if (count <= maxProblemsPerKind) this.found.push(problem);
    return undefined;
  }
}


function parseTags(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (Array.isArray(value) && value.every((tag) => typeof tag === 'string' || typeof tag === 'number')) {
    return value.map(String);
  }
  return undefined;
}
