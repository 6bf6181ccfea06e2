import type { Item, LoadedSuite, Shard } from '../types/index.js';
import { hash32 } from '../util/hash.js';

/** The items a run takes, in dataset order: the first `limit` or those of a sample, then those of its shard. */
export interface ItemSource {
  items: Iterable<Item>;
  /** How many the run expects (with a shard, an estimate until every item was seen). */
  planned: number;
  /** How many were pulled so far: all of them, once `items` is exhausted. */
  seen(): number;
}

/** Items are pulled one at a time (streamed from the dataset when it is large), never all held. */
export function itemSource(suite: LoadedSuite, limit: number | undefined, shard: Shard | undefined, sample?: ReadonlySet<string>): ItemSource {
  let seen = 0;
  const items = (function* () {
    let index = 0;
    for (const item of suite.iterateItems()) {
      if (limit !== undefined && index++ >= limit) return;
      if (sample !== undefined && !sample.has(item.id)) continue;
      if (shard !== undefined && !inShard(item.id, shard)) continue;
      seen++;
      yield item;
    }
  })();
  const all = Math.min(limit ?? Infinity, sample?.size ?? Infinity, suite.itemCount);
  return { items, planned: shard === undefined ? all : Math.round(all / shard.count), seen: () => seen };
}

/** An item's shard depends on its id alone: the same split on every machine, whatever the file order. */
export function inShard(itemId: string, shard: Shard): boolean {
  return hash32('shard', itemId) % shard.count === shard.index - 1;
}
