import type { PriceSpec } from '../types/index.js';

/** genai-prices names providers by these ids; a mock or replay model is matched by its name alone. */
const providerIds: Record<string, string | undefined> = { openai: 'openai', anthropic: 'anthropic' };

/**
 * The price per million tokens from the bundled @pydantic/genai-prices data
 * (pinned, never updated at run time), or undefined when it has none.
 */
export async function lookupBundledPrice(provider: string, model: string): Promise<PriceSpec | undefined> {
  return lookupBundledPriceOf(model, providerIds[provider]);
}

/** The same by genai-prices' own provider id (`openrouter` knows `vendor/model` ids); none: matched by the model id alone. */
export async function lookupBundledPriceOf(model: string, providerId: string | undefined): Promise<PriceSpec | undefined> {
  const { calcPrice } = await import('@pydantic/genai-prices');
  const where = providerId ? { providerId } : undefined;
  const perMillion = { input_tokens: 1_000_000, output_tokens: 0 };
  let input;
  try {
    input = calcPrice(perMillion, model, where);
  } catch {
    return undefined;
  }
  if (!input) return undefined;
  const output = calcPrice({ input_tokens: 0, output_tokens: 1_000_000 }, model, where);
  const cached = calcPrice({ input_tokens: 1_000_000, cache_read_tokens: 1_000_000, output_tokens: 0 }, model, where);
  if (!output) return undefined;
  return {
    inputPerMtokUsd: input.input_price,
    outputPerMtokUsd: output.output_price,
    cachedInputPerMtokUsd: cached ? cached.input_price : undefined,
    source: `genai-prices:${input.provider.id}/${input.model.id}`,
  };
}

/** The provider id genai-prices knows a suite's `provider:` by, if any. */
export function bundledProviderId(provider: string): string | undefined {
  return providerIds[provider];
}
