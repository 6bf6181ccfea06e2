export { createRouter } from './create-router.js';
export { createRulesRouter } from './rules.js';
export type { ItemRouter, RoutingDecision, RoutingView } from './types.js';
export { itemOfView, routingView } from './routing-view.js';
