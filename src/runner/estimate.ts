import { costUsd } from '../pricing/cost.js';
import { createRouter, routingView } from '../routing/index.js';
import type { ConfigurationSpec, LoadedSuite, RoutingDecision } from '../types/index.js';
import { compileTemplate } from '../util/template.js';
import type { TokenCounter } from '../tokens/count-tokens.js';
import { buildMessages } from './engine/answer-engine.js';

export interface OutputTokenGuess {
  tokens: number;
  /** `stored`: the mean of earlier calls; `max_tokens`: the model's cap, an upper bound. */
  source: 'stored' | 'max_tokens';
}

export interface ConfigurationEstimate {
  name: string;
  calls: number;
  inputTokens: number;
  outputTokens: number | null;
  costUsd: number;
  /** True when some model's output length is unknown: the cost counts input only for it. */
  inputOnly: boolean;
  /** Why there is no estimate, for configurations whose calls cannot be known in advance. */
  note?: string;
  /** Calls per model. */
  callsByModel: Record<string, number>;
}

/**
 * What each configuration will cost before any call: prompts counted with
 * the tokenizer, outputs from earlier runs' means or from max_tokens.
 */
export function estimateCosts(
  suite: LoadedSuite,
  configurations: ConfigurationSpec[],
  options: { limit?: number; repeat: number; countTokens: TokenCounter; outputTokens: Map<string, OutputTokenGuess> },
): ConfigurationEstimate[] {
  const template = compileTemplate(suite.prompt);
  let seen = 0;
  const items = (function* () {
    for (const item of suite.iterateItems()) {
      if (options.limit !== undefined && seen++ >= options.limit) return;
      yield item;
    }
  })();
  const estimates = configurations.map((configuration) => ({
    configuration,
    router: configuration.kind === 'cascade' ? createRouter({ name: configuration.name, kind: 'fixed', model: configuration.models[0]! }) : createRouter(configuration, suite.seed),
    estimate: { name: configuration.name, calls: 0, inputTokens: 0, outputTokens: 0 as number | null, costUsd: 0, inputOnly: false,
      callsByModel: {} as Record<string, number> },
  }));
  for (const item of items) {
    const prompt = template.render(item.fields);
    const promptTokens = options.countTokens(prompt);
    for (const { router, estimate } of estimates) {
      if (!router) continue;
      const decision = router.decide(routingView(item, prompt, promptTokens, suite.referenceFields)) as RoutingDecision;
      const model = suite.models[decision.model]!;
      const inputTokens = options.countTokens(buildMessages(model, prompt).map((message) => message.content).join('\n'));
      const guess = options.outputTokens.get(model.name);
      const outputTokens = guess?.tokens ?? 0;
      if (!guess) estimate.inputOnly = true;
      estimate.calls += options.repeat;
      estimate.callsByModel[model.name] = (estimate.callsByModel[model.name] ?? 0) + options.repeat;
      estimate.inputTokens += inputTokens * options.repeat;
      if (estimate.outputTokens !== null) estimate.outputTokens = guess ? estimate.outputTokens + outputTokens * options.repeat : null;
      estimate.costUsd += costUsd(model.price, { inputTokens, outputTokens }) * options.repeat;
    }
  }
  return estimates.map(({ configuration, router, estimate }) => {
    if (configuration.kind === 'cascade') return { ...estimate, note: 'at least: the first model on every item, before escalations' };
    if (router) return estimate;
    const note = configuration.kind === 'external' ? 'decided by the external router at run time' : 'no calls: chooses among the answers of the fixed configurations';
    return { ...estimate, outputTokens: null, note };
  });
}
