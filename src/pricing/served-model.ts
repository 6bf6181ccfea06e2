import type { ModelSpec, PriceSpec } from '../types/index.js';
import { bundledProviderId, lookupBundledPriceOf } from './bundled-prices.js';

/** What a dated snapshot adds to a model id: `2024-08-06` (OpenAI), `20241022` (Anthropic), `0613` (older OpenAI). */
const snapshotDate = /^(\d{4}-\d{2}-\d{2}|\d{8}|\d{4})$/;

/** The id without its vendor path (`openai/gpt-4o` is `gpt-4o`), in lower case. */
function bareId(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1).toLowerCase();
}

/**
 * Whether the model a server says answered is the one asked for: the same id, with or without a vendor
 * path (`openai/gpt-4o`), or a dated snapshot of it (asked `gpt-4o`, served `gpt-4o-2024-08-06`): a
 * server names the snapshot behind an alias, and that is no other model.
 */
export function isAskedModel(asked: string, served: string): boolean {
  if (asked === served) return true;
  const askedId = bareId(asked);
  const servedId = bareId(served);
  if (askedId === servedId) return true;
  return servedId.startsWith(`${askedId}-`) && snapshotDate.test(servedId.slice(askedId.length + 1));
}

/** The price of a model a server says answered, asked of a model of the suite; undefined when none is known. */
export type ServedModelPrice = (served: string, asked: ModelSpec) => Promise<PriceSpec | undefined>;

/**
 * Prices of the models a router behind an endpoint chose: a model of the suite with that model id (the
 * team's own price for it), else the bundled price table, by the asking provider's id, by OpenRouter's
 * `vendor/model` ids, then by the id alone. Each served id is looked up once.
 */
export function servedModelPrices(suiteModels: readonly ModelSpec[]): ServedModelPrice {
  const known = new Map<string, Promise<PriceSpec | undefined>>();
  return (served, asked) => {
    const key = `${asked.provider}\u0000${served}`;
    let price = known.get(key);
    if (!price) known.set(key, (price = priceOf(served, asked.provider, suiteModels)));
    return price;
  };
}

async function priceOf(served: string, provider: string, suiteModels: readonly ModelSpec[]): Promise<PriceSpec | undefined> {
  const own = suiteModels.find((model) => model.model === served) ?? suiteModels.find((model) => isAskedModel(model.model, served));
  if (own) return own.price;
  const lookups: Array<[string, string | undefined]> = [[served, bundledProviderId(provider)]];
  if (served.includes('/')) lookups.push([served, 'openrouter']);
  lookups.push([served, undefined]);
  if (served.includes('/')) lookups.push([bareId(served), undefined]);
  for (const [model, providerId] of lookups) {
    const price = await lookupBundledPriceOf(model, providerId);
    if (price) return price;
  }
  return undefined;
}
