import type { ConfigurationSpec, ItemRouter } from '../types/index.js';
import { createRandomRouter } from './random.js';
import { createRulesRouter } from './rules.js';

/** Routers that decide from the item alone; the others need answers (cascade) or every model's result (oracle, threshold). */
export function createRouter(configuration: ConfigurationSpec, runSeed = 0): ItemRouter | undefined {
  switch (configuration.kind) {
    case 'fixed':
      return { decide: () => ({ model: configuration.model, reason: 'fixed' }) };
    case 'rules':
      return createRulesRouter(configuration.rules, configuration.default);
    case 'random':
      return createRandomRouter(configuration.p, configuration.strong, configuration.weak, configuration.seed ?? runSeed);
    default:
      return undefined;
  }
}

/** Kinds computed after the answers are in, from the stored results of fixed configurations. */
export function isPostHoc(configuration: ConfigurationSpec): boolean {
  return configuration.kind === 'oracle' || configuration.kind === 'threshold' || configuration.kind === 'predictive';
}

/** The models whose stored answers a post-hoc router (oracle, threshold, predictive) chooses among; none for the others. */
export function postHocSourceModels(configuration: ConfigurationSpec): string[] {
  switch (configuration.kind) {
    case 'oracle':
    case 'predictive':
      return configuration.models;
    case 'threshold':
      return [configuration.weak, configuration.strong];
    default:
      return [];
  }
}
