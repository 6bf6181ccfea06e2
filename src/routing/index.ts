export { createRouter } from './create-router.js';
export { createRulesRouter } from './rules.js';
export type { ItemRouter, RoutingDecision, RoutingInput } from './types.js';
