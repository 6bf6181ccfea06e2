import { contentHash } from '../util/content-hash.js';
import { hash32 } from '../util/hash.js';
import { userTurns } from '../util/conversation.js';
import type { ImportedExchange } from './types.js';

/** An exchange as an item: its stable id (from the conversation), its tags, and what it came with. */
export interface TrafficItem {
  id: string;
  exchange: ImportedExchange;
  tags: string[];
}

export interface PrepareOptions {
  /** Draw this many, seeded; stratified by `by` when given. */
  sample?: number;
  /** `model`, `turns`, or a metadata key: each value gets its proportional share of the sample. */
  by?: string;
  seed: number;
  /** Metadata keys whose values become tags (`team:legal`). */
  tagBy: string[];
}

export interface Prepared {
  items: TrafficItem[];
  /** Exchanges whose conversation another exchange already had: the first is kept. */
  duplicates: number;
  /** Before sampling. */
  distinct: number;
}

/**
 * From exchanges to items: identical conversations are one item (the first
 * answer kept, the rest counted); the id is a hash of the conversation, so
 * a second import of the same traffic gives the same ids (runs compare item
 * by item); tags say the model, the conversation's length and the metadata
 * the user names; a sample is drawn per stratum, each its share by largest
 * remainder, in an order fixed by the seed whatever the file's order.
 */
export function prepareItems(exchanges: readonly ImportedExchange[], options: PrepareOptions): Prepared {
  const seen = new Set<string>();
  const items: TrafficItem[] = [];
  let duplicates = 0;
  for (const exchange of exchanges) {
    const id = `t-${contentHash(exchange.messages)}`;
    if (seen.has(id)) {
      duplicates++;
      continue;
    }
    seen.add(id);
    items.push({ id, exchange, tags: tagsOf(exchange, options.tagBy) });
  }
  const distinct = items.length;
  if (options.sample === undefined || options.sample >= items.length) return { items, duplicates, distinct };
  return { items: drawSample(items, options.sample, options.by, options.seed), duplicates, distinct };
}

export function lengthTag(exchange: ImportedExchange): string {
  const turns = userTurns(exchange.messages);
  return turns === 1 ? 'turns:1' : turns <= 3 ? 'turns:2-3' : 'turns:4+';
}

function tagsOf(exchange: ImportedExchange, tagBy: readonly string[]): string[] {
  const tags = [lengthTag(exchange)];
  if (exchange.model) tags.push(`model:${exchange.model}`);
  if (exchange.toolTurns > 0) tags.push('tools');
  for (const key of tagBy) {
    const value = exchange.metadata[key];
    if (value !== undefined && value !== '') tags.push(`${key}:${String(value)}`);
  }
  return tags;
}

/** The stratum an item falls in under `--by`. */
export function stratumOf(item: TrafficItem, by: string | undefined): string {
  if (by === undefined) return '';
  if (by === 'model') return item.exchange.model ?? '(no model)';
  if (by === 'turns') return lengthTag(item.exchange);
  const value = item.exchange.metadata[by];
  return value === undefined ? '(none)' : String(value);
}

function drawSample(items: TrafficItem[], size: number, by: string | undefined, seed: number): TrafficItem[] {
  const strata = new Map<string, TrafficItem[]>();
  for (const item of items) {
    const key = stratumOf(item, by);
    const members = strata.get(key);
    if (members) members.push(item);
    else strata.set(key, [item]);
  }
  // Largest remainder: every stratum its floor share, what is left to the largest fractions (ties by name).
  const shares = [...strata].map(([key, members]) => {
    const exact = (members.length * size) / items.length;
    return { key, members, exact, take: Math.floor(exact) };
  });
  let left = size - shares.reduce((total, share) => total + share.take, 0);
  for (const share of [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1) || a.key.localeCompare(b.key))) {
    if (left-- <= 0) break;
    share.take += 1;
  }
  const rank = (item: TrafficItem) => hash32(seed, 'import-sample', item.id);
  const chosen = new Set<string>();
  for (const share of shares) {
    const order = [...share.members].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
    for (const item of order.slice(0, share.take)) chosen.add(item.id);
  }
  // In the file's order: the dataset reads as the traffic came.
  return items.filter((item) => chosen.has(item.id));
}
