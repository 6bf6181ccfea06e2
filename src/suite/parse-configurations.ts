import type { ConfigurationSpec, Rule, RuleCondition } from './types.js';
import { Validator, isPlainObject } from './validator.js';
import type { DocumentPath } from './yaml-source.js';

export const routerKinds = ['rules'] as const;

export function parseConfiguration(
  name: string,
  value: unknown,
  path: DocumentPath,
  validator: Validator,
  modelNames: string[],
): ConfigurationSpec | undefined {
  const spec = validator.object(value, path, 'a mapping: { model: <name> } or { router: <kind>, ... }');
  if (!spec) return undefined;
  if (spec.router === undefined) {
    validator.knownKeys(spec, path, ['model']);
    if (spec.model === undefined) {
      validator.report(path, 'needs `model: <name>` (one model for every item) or `router: <kind>`');
      return undefined;
    }
    const model = validator.oneOf(spec.model, [...path, 'model'], modelNames, 'model');
    return model === undefined ? undefined : { name, kind: 'fixed', model };
  }
  const router = validator.oneOf(spec.router, [...path, 'router'], routerKinds, 'router');
  if (router === 'rules') return parseRules(name, spec, path, validator, modelNames);
  return undefined;
}

function parseRules(
  name: string,
  spec: Record<string, unknown>,
  path: DocumentPath,
  validator: Validator,
  modelNames: string[],
): ConfigurationSpec | undefined {
  validator.knownKeys(spec, path, ['router', 'rules', 'default']);
  const defaultModel = spec.default === undefined ? undefined : validator.oneOf(spec.default, [...path, 'default'], modelNames, 'model');
  if (spec.default === undefined) validator.report(path, 'missing required key "default" (the model for items no rule matches)');
  const rules: Rule[] = [];
  if (!Array.isArray(spec.rules)) {
    validator.report(spec.rules === undefined ? path : [...path, 'rules'], 'needs `rules:`, a list of { when: {...}, use: <model> }');
  } else {
    spec.rules.forEach((ruleValue, index) => {
      const rulePath = [...path, 'rules', index];
      const rule = validator.object(ruleValue, rulePath, 'a mapping { when: {...}, use: <model> }');
      if (!rule) return;
      validator.knownKeys(rule, rulePath, ['when', 'use']);
      const use = validator.oneOf(rule.use, [...rulePath, 'use'], modelNames, 'model');
      const when = parseCondition(rule.when, [...rulePath, 'when'], validator);
      if (use !== undefined && when !== undefined) rules.push({ when, use });
    });
  }
  if (defaultModel === undefined) return undefined;
  return { name, kind: 'rules', rules, default: defaultModel };
}

const conditionKeys = ['tags', 'field', 'matches', 'flags', 'prompt_tokens'];

function parseCondition(value: unknown, path: DocumentPath, validator: Validator): RuleCondition | undefined {
  const spec = validator.object(value, path, 'a mapping of conditions (tags, field + matches, prompt_tokens)');
  if (!spec) return undefined;
  validator.knownKeys(spec, path, conditionKeys);
  const condition: RuleCondition = {};
  const tags = validator.stringList(spec, 'tags', path);
  if (tags) condition.tags = tags;
  const field = validator.string(spec, 'field', path);
  if (field !== undefined) condition.field = field;
  const pattern = validator.string(spec, 'matches', path);
  const flags = validator.string(spec, 'flags', path) ?? '';
  if (field !== undefined && pattern === undefined) validator.report(path, '`field` needs `matches: <regex>`');
  if (pattern !== undefined) {
    try {
      condition.matches = new RegExp(pattern, flags.replace('g', ''));
    } catch (error) {
      validator.report([...path, 'matches'], `invalid regular expression: ${(error as Error).message}`);
    }
  }
  if (spec.prompt_tokens !== undefined) {
    const limits = validator.object(spec.prompt_tokens, [...path, 'prompt_tokens'], 'a mapping { min: N, max: N }');
    if (limits) {
      const limitsPath = [...path, 'prompt_tokens'];
      validator.knownKeys(limits, limitsPath, ['min', 'max']);
      condition.promptTokens = {
        min: validator.number(limits, 'min', limitsPath, { min: 0 }),
        max: validator.number(limits, 'max', limitsPath, { min: 0 }),
      };
    }
  }
  if (Object.keys(spec).length === 0) validator.report(path, 'is empty: a rule needs at least one condition');
  return isPlainObject(spec) ? condition : undefined;
}
