import type { ItemRouter, RoutingDecision, RoutingView, Rule, RuleCondition } from '../types/index.js';
import { lookup } from '../util/template.js';

/** First matching rule wins; every condition inside one `when` must hold. */
export function createRulesRouter(rules: Rule[], defaultModel: string): ItemRouter {
  return {
    decide(view: RoutingView): RoutingDecision {
      for (let index = 0; index < rules.length; index++) {
        const rule = rules[index]!;
        if (matches(rule.when, view)) return { model: rule.use, reason: `rule ${index + 1}` };
      }
      return { model: defaultModel, reason: 'default' };
    },
  };
}

function matches(condition: RuleCondition, view: RoutingView): boolean {
  if (condition.tags && !condition.tags.some((tag) => view.tags.includes(tag))) return false;
  if (condition.matches) {
    // `id` has its own place in the view; a rule on a reference field never loads, so none is read here.
    // `last_turn`, like `id`, is the view's own: a chat item's last user turn (the prompt otherwise).
    const value = condition.field === undefined ? view.prompt : condition.field === 'id' ? view.id
      : condition.field === 'last_turn' ? view.lastTurn : lookup(view.fields, condition.field);
    if (value === undefined || value === null) return false;
    if (!condition.matches.test(typeof value === 'string' ? value : JSON.stringify(value))) return false;
  }
  if (condition.promptTokens && !within(view.promptTokens, condition.promptTokens)) return false;
  if (condition.turns && !within(view.turns, condition.turns)) return false;
  return true;
}

function within(value: number, { min, max }: { min?: number; max?: number }): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}
