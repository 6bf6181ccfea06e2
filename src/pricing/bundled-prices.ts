import type { PriceSpec } from '../types/index.js';

/** genai-prices names providers by these ids; a mock or replay model is matched by its name alone. */
const providerIds: Record<string, string | undefined> = { openai: 'openai', anthropic: 'anthropic' };

/**
 * The price per million tokens from the bundled @pydantic/genai-prices data
 * (pinned, never updated at run time), or undefined when it has none.
 */
export async function lookupBundledPrice(provider: string, model: string): Promise<PriceSpec | undefined> {
  const { calcPrice } = await import('@pydantic/genai-prices');
  const providerId = providerIds[provider];
  const perMillion = { input_tokens: 1_000_000, output_tokens: 0 };
  let input;
  try {
    input = calcPrice(perMillion, model, providerId ? { providerId } : undefined);
  } catch {
    return undefined;
  }
  if (!input) return undefined;
  const output = calcPrice({ input_tokens: 0, output_tokens: 1_000_000 }, model, providerId ? { providerId } : undefined);
  const cached = calcPrice(
    { input_tokens: 1_000_000, cache_read_tokens: 1_000_000, output_tokens: 0 },
    model,
    providerId ? { providerId } : undefined,
  );
  if (!output) return undefined;
  return {
    inputPerMtokUsd: input.input_price,
    outputPerMtokUsd: output.output_price,
    cachedInputPerMtokUsd: cached ? cached.input_price : undefined,
    source: `genai-prices:${input.provider.id}/${input.model.id}`,
  };
}
