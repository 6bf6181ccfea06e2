import { compileCheck, findJudgeChecks } from '../checks/index.js';
import { CheckSpecError } from '../errors.js';
import type { CheckSpec, ConfigurationSpec, Rule, RuleCondition } from '../types/index.js';
import { Validator, isPlainObject, type PlainObject } from '../yaml/validator.js';
import type { DocumentPath } from '../yaml/yaml-source.js';
import { postHocSourceModels } from '../routing/create-router.js';
import { compileLinearRegex, UnsupportedRegexError } from '../util/linear-regex.js';

export const routerKinds = ['rules', 'random', 'threshold', 'predictive', 'cascade', 'oracle', 'external'] as const;

export interface ConfigurationContext {
  modelNames: string[];
  /**
   * The models a default routes to (`routingCandidates`): every model but those used only as a judge.
   * Without it, every model. Names a suite writes are checked against `modelNames` all the same.
   */
  candidates?: string[];
  /** The frontier model, the default `strong` of two-model routers. */
  frontier: string | undefined;
  /** A sweep sets the router's setting itself: `p` and `threshold` may be left out. */
  sweeping?: boolean;
  seed: number;
  baseDir: string;
}

/** The `configurations:` block; without one, one `all-<model>` configuration per model. */
export function parseConfigurations(root: PlainObject, validator: Validator, context: ConfigurationContext): ConfigurationSpec[] {
  const { modelNames } = context;
  if (root.configurations === undefined) {
    return (context.candidates ?? modelNames).map((modelName) => ({ name: `all-${modelName}`, kind: 'fixed', model: modelName }));
  }
  const configurations = validator.object(root.configurations, ['configurations']);
  if (!configurations) return [];
  if (Object.keys(configurations).length === 0) validator.report(['configurations'], 'needs at least one configuration');
  return Object.entries(configurations).flatMap(([configurationName, spec]) => {
    const path = ['configurations', configurationName];
    const configuration = parseConfiguration(configurationName, spec, path, validator, context);
    return configuration ? [configuration] : [];
  });
}

/** The oracle and the learned routers choose among stored answers: each model they choose must have a fixed configuration. */
export function checkPostHocSources(configurations: ConfigurationSpec[], validator: Validator): void {
  const fixedModels = new Set(configurations.flatMap((configuration) => (configuration.kind === 'fixed' ? [configuration.model] : [])));
  for (const configuration of configurations) {
    const needed = postHocSourceModels(configuration);
    const missing = needed.filter((model) => !fixedModels.has(model));
    if (missing.length > 0) {
      validator.report(['configurations', configuration.name], `the ${configuration.kind} router chooses among stored answers: add ${missing.map((model) => `all-${model}: { model: ${model} }`).join(' and ')} to configurations`);
    }
  }
}

export function parseConfiguration(
  name: string,
  value: unknown,
  path: DocumentPath,
  validator: Validator,
  context: ConfigurationContext,
): ConfigurationSpec | undefined {
  const { modelNames } = context;
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
  switch (router) {
    case 'rules':
      return parseRules(name, spec, path, validator, modelNames);
    case 'random':
      return parseRandom(name, spec, path, validator, context);
    case 'threshold':
      return parseThreshold(name, spec, path, validator, context);
    case 'predictive':
      return parsePredictive(name, spec, path, validator, context);
    case 'cascade':
      return parseCascade(name, spec, path, validator, context);
    case 'oracle':
      return parseOracle(name, spec, path, validator, context);
    case 'external':
      return parseExternal(name, spec, path, validator, context);
    default:
      return undefined;
  }
}

/** `strong` and `weak` of a two-model router; by default the frontier model and the one other model. */
function strongAndWeak(spec: PlainObject, path: DocumentPath, validator: Validator, context: ConfigurationContext) {
  const strong = spec.strong === undefined ? context.frontier : validator.oneOf(spec.strong, [...path, 'strong'], context.modelNames, 'model');
  let weak: string | undefined;
  if (spec.weak !== undefined) weak = validator.oneOf(spec.weak, [...path, 'weak'], context.modelNames, 'model');
  else {
    const others = (context.candidates ?? context.modelNames).filter((model) => model !== strong);
    if (others.length === 1) weak = others[0];
    else validator.report(path, `name the cheap model: weak: <one of ${others.join(', ')}>`);
  }
  if (strong !== undefined && strong === weak) validator.report(path, '`strong` and `weak` must be different models');
  return { strong, weak };
}

function parseRandom(name: string, spec: PlainObject, path: DocumentPath, validator: Validator, context: ConfigurationContext): ConfigurationSpec | undefined {
  validator.knownKeys(spec, path, ['router', 'p', 'strong', 'weak', 'seed']);
  const p = validator.number(spec, 'p', path, { required: !context.sweeping, min: 0, max: 1 }) ?? (context.sweeping ? 0 : undefined);
  // Without `seed:`, the run's seed (so --seed moves the router with the mock answers).
  const seed = validator.number(spec, 'seed', path, { integer: true, min: 0 });
  const { strong, weak } = strongAndWeak(spec, path, validator, context);
  if (p === undefined || strong === undefined || weak === undefined) return undefined;
  return { name, kind: 'random', p, strong, weak, seed };
}

function parseThreshold(name: string, spec: PlainObject, path: DocumentPath, validator: Validator, context: ConfigurationContext): ConfigurationSpec | undefined {
  validator.knownKeys(spec, path, ['router', 'threshold', 'strong', 'weak', 'folds', 'seed']);
  const threshold = validator.number(spec, 'threshold', path, { min: 0, max: 1 }) ?? 0.5;
  const folds = validator.number(spec, 'folds', path, { integer: true, min: 2, max: 20 }) ?? 5;
  const seed = validator.number(spec, 'seed', path, { integer: true, min: 0 });
  const { strong, weak } = strongAndWeak(spec, path, validator, context);
  if (strong === undefined || weak === undefined) return undefined;
  return { name, kind: 'threshold', threshold, strong, weak, folds, seed };
}

function parsePredictive(name: string, spec: PlainObject, path: DocumentPath, validator: Validator, context: ConfigurationContext): ConfigurationSpec | undefined {
  validator.knownKeys(spec, path, ['router', 'models', 'lambda', 'features', 'neighbours', 'folds', 'seed']);
  const models = modelList(spec, 'models', path, validator, context, context.candidates ?? context.modelNames);
  if (models && models.length < 2) validator.report(path, 'needs at least two models to choose among: `models: [a, b, ...]`');
  // lambda: quality given up for one answer of the dearest model's cost. A sweep sets it itself.
  const lambda = validator.number(spec, 'lambda', path, { min: 0 }) ?? 0.1;
  const features = spec.features === undefined ? 'ngram' : (validator.oneOf(spec.features, [...path, 'features'], ['ngram', 'knn'], 'features') as 'ngram' | 'knn' | undefined);
  const neighbours = validator.number(spec, 'neighbours', path, { integer: true, min: 1, max: 1000 }) ?? 10;
  if (spec.neighbours !== undefined && features !== 'knn') validator.report([...path, 'neighbours'], 'is a setting of `features: knn`');
  const folds = validator.number(spec, 'folds', path, { integer: true, min: 2, max: 20 }) ?? 5;
  const seed = validator.number(spec, 'seed', path, { integer: true, min: 0 });
  if (!models || models.length < 2 || features === undefined) return undefined;
  return { name, kind: 'predictive', models, lambda, features, neighbours, folds, seed };
}

function modelList(spec: PlainObject, key: string, path: DocumentPath, validator: Validator, context: ConfigurationContext, fallback: string[]): string[] | undefined {
  if (spec[key] === undefined) return fallback;
  if (!Array.isArray(spec[key]) || spec[key].length < 2) {
    validator.report([...path, key], 'must be a list of at least two models, cheapest first');
    return undefined;
  }
  const models = (spec[key] as unknown[]).map((model, index) => validator.oneOf(model, [...path, key, index], context.modelNames, 'model'));
  if (models.some((model) => model === undefined)) return undefined;
  if (new Set(models).size !== models.length) validator.report([...path, key], 'names a model twice');
  return models as string[];
}

function parseCascade(name: string, spec: PlainObject, path: DocumentPath, validator: Validator, context: ConfigurationContext): ConfigurationSpec | undefined {
  validator.knownKeys(spec, path, ['router', 'models', 'accept', 'agreement']);
  if (spec.models === undefined) validator.report(path, 'needs `models: [cheap, ..., frontier]`, cheapest first');
  const models = modelList(spec, 'models', path, validator, context, []);
  const agreement = validator.number(spec, 'agreement', path, { integer: true, min: 1, max: 20 }) ?? 1;
  const accept = Array.isArray(spec.accept) ? (spec.accept as CheckSpec[]) : [];
  if (spec.accept !== undefined && !Array.isArray(spec.accept)) validator.report([...path, 'accept'], 'must be a list of reference-free checks');
  if (accept.length === 0 && agreement === 1) {
    validator.report(path, 'needs `accept:` (reference-free checks such as regex or json) or `agreement: k` to decide when to stop');
  }
  accept.forEach((check, index) => {
    try {
      const compiled = compileCheck(check, { baseDir: context.baseDir });
      for (const verifier of findJudgeChecks([compiled])) {
        if (!context.modelNames.includes(verifier.judge!.model)) {
          validator.report([...path, 'accept', index], `the verifier model "${verifier.judge!.model}" is not under models:`);
        }
      }
      if (compiled.needsReference ?? true) {
        validator.report([...path, 'accept', index], `a "${compiled.type}" check compares with the reference, which a router cannot know; use reference-free checks (regex, json with a schema, choice with value, ...)`);
      }
    } catch (error) {
      if (!(error instanceof CheckSpecError)) throw error;
      validator.report([...path, 'accept', index, ...(error.key === undefined ? [] : error.key.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)))], error.message);
    }
  });
  if (!models || models.length === 0) return undefined;
  return { name, kind: 'cascade', models, accept, agreement };
}

function parseOracle(name: string, spec: PlainObject, path: DocumentPath, validator: Validator, context: ConfigurationContext): ConfigurationSpec | undefined {
  validator.knownKeys(spec, path, ['router', 'models']);
  const models = modelList(spec, 'models', path, validator, context, context.candidates ?? context.modelNames);
  return models ? { name, kind: 'oracle', models } : undefined;
}

function parseExternal(name: string, spec: PlainObject, path: DocumentPath, validator: Validator, context: ConfigurationContext): ConfigurationSpec | undefined {
  validator.knownKeys(spec, path, ['router', 'url', 'command', 'models', 'timeout_ms']);
  const url = validator.string(spec, 'url', path);
  if (url !== undefined && !/^https?:\/\//.test(url)) validator.report([...path, 'url'], 'must start with http:// or https://');
  let command: string[] | undefined;
  if (spec.command !== undefined) {
    if (!Array.isArray(spec.command) || spec.command.length === 0 || spec.command.some((part) => typeof part !== 'string')) {
      validator.report([...path, 'command'], 'must be a list: the program and its arguments, e.g. [python3, router.py] (no shell)');
    } else command = spec.command as string[];
  }
  if ((url === undefined) === (command === undefined)) validator.report(path, 'needs exactly one of `url:` (HTTP endpoint) or `command:` (a program)');
  const models = modelList(spec, 'models', path, validator, context, context.candidates ?? context.modelNames);
  const timeoutMs = validator.number(spec, 'timeout_ms', path, { above: 0 }) ?? 30_000;
  if (!models || (url === undefined && command === undefined)) return undefined;
  return { name, kind: 'external', url, command, models, timeoutMs };
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

const conditionKeys = ['tags', 'field', 'matches', 'flags', 'prompt_tokens', 'turns'];

function parseCondition(value: unknown, path: DocumentPath, validator: Validator): RuleCondition | undefined {
  const spec = validator.object(value, path, 'a mapping of conditions (tags, field + matches, prompt_tokens, turns)');
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
      condition.matches = compileLinearRegex(pattern, flags);
    } catch (error) {
      if (!(error instanceof UnsupportedRegexError)) throw error;
      validator.report([...path, error.part === 'flags' ? 'flags' : 'matches'], error.message);
    }
  }
  const promptTokens = parseRange(spec, 'prompt_tokens', path, validator);
  if (promptTokens) condition.promptTokens = promptTokens;
  // A chat item's user turns; 1 for an item of the prompt template.
  const turns = parseRange(spec, 'turns', path, validator);
  if (turns) condition.turns = turns;
  if (Object.keys(spec).length === 0) validator.report(path, 'is empty: a rule needs at least one condition');
  return isPlainObject(spec) ? condition : undefined;
}

function parseRange(spec: Record<string, unknown>, key: string, path: DocumentPath, validator: Validator): { min?: number; max?: number } | undefined {
  if (spec[key] === undefined) return undefined;
  const rangePath = [...path, key];
  const limits = validator.object(spec[key], rangePath, 'a mapping { min: N, max: N }');
  if (!limits) return undefined;
  validator.knownKeys(limits, rangePath, ['min', 'max']);
  return { min: validator.number(limits, 'min', rangePath, { min: 0 }), max: validator.number(limits, 'max', rangePath, { min: 0 }) };
}
