import type { TokenCounter } from '../tokens/count-tokens.js';
import { createAnthropicProvider } from './anthropic.js';
import { createMockProvider } from './mock.js';
import { createOpenAiProvider } from './openai.js';
import { createReplayProvider } from './replay.js';
import type { Provider } from './types.js';
import type { ModelSpec } from '../types/index.js';

export interface ProviderContext {
  seed: number;
  correlation: number;
  countTokens: TokenCounter;
}

/** The key is read from the environment at call time and held nowhere else. */
function apiKeyFromEnvironment(model: ModelSpec): string | undefined {
  const variable = model.http?.apiKeyEnv;
  return variable === undefined ? undefined : process.env[variable];
}

/** Every provider adapter by the `provider:` name a suite writes. */
export function createProviders(context: ProviderContext): Record<string, Provider> {
  return {
    mock: createMockProvider({ seed: context.seed, correlation: context.correlation, countTokens: context.countTokens }),
    replay: createReplayProvider(context.countTokens),
    openai: createOpenAiProvider({ getApiKey: apiKeyFromEnvironment }),
    anthropic: createAnthropicProvider({ getApiKey: apiKeyFromEnvironment }),
  };
}
