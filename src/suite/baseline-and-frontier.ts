import type { ConfigurationSpec } from '../types/index.js';
import { isPlainObject, type PlainObject, type Validator } from '../yaml/validator.js';
import type { ParsedModel } from './parse-models.js';

/** The baseline when the suite names none: `all-frontier` when there is one, else the first configuration. */
export function defaultBaseline(configurationNames: readonly string[]): string | undefined {
  return configurationNames.includes('all-frontier') ? 'all-frontier' : configurationNames[0];
}

/** The model with the highest output price; models without a known price are not compared. */
export function dearestModel(models: readonly ParsedModel[]): string | undefined {
  const priced = models.filter((model) => model.price);
  return priced.sort((a, b) => b.price!.outputPerMtokUsd - a.price!.outputPerMtokUsd)[0]?.name;
}

/** The frontier model when the suite names none: the baseline's model when the baseline is one fixed model, else the dearest. */
export function defaultFrontier(baselineModel: string | undefined, models: readonly ParsedModel[]): string | undefined {
  return baselineModel ?? dearestModel(models);
}

/**
 * The frontier model before configurations are parsed (two-model routers take
 * it as their default `strong`), read from the configurations as written.
 */
export function provisionalFrontier(root: PlainObject, models: readonly ParsedModel[]): string | undefined {
  if (typeof root.frontier === 'string') return root.frontier;
  const configurations = isPlainObject(root.configurations) ? root.configurations : {};
  const baselineName = typeof root.baseline === 'string' ? root.baseline : defaultBaseline(Object.keys(configurations));
  const baseline = baselineName === undefined ? undefined : configurations[baselineName];
  const fixedModel = isPlainObject(baseline) && typeof baseline.model === 'string' && baseline.router === undefined ? baseline.model : undefined;
  return defaultFrontier(fixedModel, models);
}

/** `baseline:` as written, or the default; undefined (and a problem) when it names no configuration. */
export function pickBaseline(root: PlainObject, validator: Validator, configurations: readonly ConfigurationSpec[]): string | undefined {
  // Names of entries that failed to parse still count as known: one problem each, not a cascade.
  const configurationNames = isPlainObject(root.configurations)
    ? Object.keys(root.configurations)
    : configurations.map((configuration) => configuration.name);
  if (root.baseline === undefined) return defaultBaseline(configurationNames);
  return validator.oneOf(root.baseline, ['baseline'], configurationNames, 'configuration');
}

export interface FrontierContext {
  modelNames: string[];
  models: readonly ParsedModel[];
  configurations: readonly ConfigurationSpec[];
  baseline: string | undefined;
}

/** `frontier:` as written, or the default rule over the parsed configurations; the first model when no model has a price. */
export function pickFrontier(root: PlainObject, validator: Validator, context: FrontierContext): string | undefined {
  if (root.frontier !== undefined) return validator.oneOf(root.frontier, ['frontier'], context.modelNames, 'model');
  const baseline = context.configurations.find((configuration) => configuration.name === context.baseline);
  return defaultFrontier(baseline?.kind === 'fixed' ? baseline.model : undefined, context.models) ?? context.modelNames[0];
}
