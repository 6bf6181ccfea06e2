import type { ConfigurationSpec } from '../suite/types.js';
import { createRulesRouter } from './rules.js';
import type { ItemRouter } from './types.js';

/** The router a configuration names; a fixed configuration is a router with one answer. */
export function createRouter(configuration: ConfigurationSpec): ItemRouter {
  switch (configuration.kind) {
    case 'fixed':
      return { decide: () => ({ model: configuration.model, reason: 'fixed' }) };
    case 'rules':
      return createRulesRouter(configuration.rules, configuration.default);
  }
}
