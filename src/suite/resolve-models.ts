import type { Problem } from '../errors.js';
import { lookupBundledPrice } from '../pricing/bundled-prices.js';
import type { ParsedModel } from './parse-models.js';
import type { ModelSpec, PriceSpec, ReplaySettings } from '../types/index.js';
import { keyIn } from '../util/secrets.js';
import type { YamlSource } from '../yaml/yaml-source.js';

export interface ModelContext {
  source: YamlSource;
  /** Each replayed model's records, as read; a replay model missing here could not be read. */
  replays: Map<string, ReplaySettings>;
  /** Refuse a model whose API-key variable is unset; an estimate, which calls nothing, needs no key. */
  requireApiKeys: boolean;
}

/** The parsed models as the run needs them: each priced (a model left without a price is dropped), and each API key present. */
export async function resolveModels(models: ParsedModel[], context: ModelContext): Promise<{ models: ModelSpec[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const priced = await resolvePrices(models, problems, context);
  if (context.requireApiKeys) problems.push(...missingApiKeys(models, context.source));
  return { models: priced, problems };
}

/**
 * Every model's price: the suite's `price:`, else, for a replay model whose
 * every record carries `cost_usd`, none is needed (its costs are recorded, and
 * tokens are never priced), else the bundled price data. A model left without
 * one is a problem that says how to set it.
 */
async function resolvePrices(models: ParsedModel[], problems: Problem[], { source, replays }: ModelContext): Promise<ModelSpec[]> {
  const priced: ModelSpec[] = [];
  for (const model of models) {
    // A `price:` that is written but wrong has its own problem already.
    if (model.priceInvalid) continue;
    const replay = replays.get(model.name);
    // A replay that could not be read has its own problem; asking for a price too would be noise.
    if (model.replay && !replay) continue;
    const uncosted = replay ? [...replay.records.values()].filter((record) => record.costUsd === undefined).length : 0;
    const price = model.price ?? (replay && uncosted === 0 ? recordedCosts(replay) : await lookupBundledPrice(model.provider, model.model));
    if (!price) {
      const rows = replay ? `, and ${uncosted} of ${replay.records.size} rows of ${replay.source} have no cost_usd` : '';
      const remedy = replay ? ', or record cost_usd on every row' : '';
      problems.push({
        location: source.locate(model.path),
        path: `models.${model.name}`,
        message: `no known price for model "${model.model}"${rows}; set ${replay ? '' : 'one: '}price: { input_mtok: <USD per million input tokens>, output_mtok: <USD per million output tokens> }${remedy}`,
      });
      continue;
    }
    priced.push({ name: model.name, provider: model.provider, model: model.model, price, settings: model.settings,
      mock: model.mock, http: model.http, replay, limits: model.limits });
  }
  return priced;
}

/** No price per token: every answer's cost is the one recorded with it. */
function recordedCosts(replay: ReplaySettings): PriceSpec {
  return { inputPerMtokUsd: 0, outputPerMtokUsd: 0, source: `recorded: cost_usd on every row of ${replay.source}` };
}

/** A problem for each model whose API-key variable is unset. */
function missingApiKeys(models: ParsedModel[], source: YamlSource): Problem[] {
  return models.flatMap((model) => {
    const variable = model.http?.apiKeyEnv;
    if (variable === undefined || keyIn(variable)) return [];
    return [{
      location: source.locate(model.path),
      path: `models.${model.name}`,
      message: `the environment variable ${variable} is not set; export it with the API key (or set api_key_env: none for a server that takes no key)`,
    }];
  });
}
