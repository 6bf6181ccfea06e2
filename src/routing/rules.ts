import type { Rule, RuleCondition } from '../suite/types.js';
import type { ItemRouter, RoutingDecision, RoutingInput } from './types.js';
import { lookup } from '../suite/template.js';

/** First matching rule wins; every condition inside one `when` must hold. */
export function createRulesRouter(rules: Rule[], defaultModel: string): ItemRouter {
  return {
    decide(input: RoutingInput): RoutingDecision {
      for (let index = 0; index < rules.length; index++) {
        const rule = rules[index]!;
        if (matches(rule.when, input)) return { model: rule.use, reason: `rule ${index + 1}` };
      }
      return { model: defaultModel, reason: 'default' };
    },
  };
}

function matches(condition: RuleCondition, input: RoutingInput): boolean {
  if (condition.tags && !condition.tags.some((tag) => input.item.tags.includes(tag))) return false;
  if (condition.matches) {
    const value = condition.field === undefined ? input.prompt : lookup(input.item.fields, condition.field);
    if (value === undefined || value === null) return false;
    condition.matches.lastIndex = 0;
    if (!condition.matches.test(typeof value === 'string' ? value : JSON.stringify(value))) return false;
  }
  if (condition.promptTokens) {
    const { min, max } = condition.promptTokens;
    if (min !== undefined && input.promptTokens < min) return false;
    if (max !== undefined && input.promptTokens > max) return false;
  }
  return true;
}
