export { createRouter } from './create-router.js';
export { createRulesRouter } from './rules.js';
export { itemOfView, routingView } from './routing-view.js';
