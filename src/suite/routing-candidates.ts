import { findJudgeChecks } from '../checks/index.js';
import type { Check } from '../types/index.js';
import { isPlainObject } from '../yaml/validator.js';

/**
 * The models a suite's defaults may route to: the `all-<model>` configurations
 * without a `configurations:` block, the `weak` of a random or threshold router,
 * the models of an oracle or external router, the dearest model taken as the
 * frontier. Every model but those used only as a judge: a model an llm-judge
 * check asks is a candidate only when a configuration names it. When every
 * model is a judge (one model grading itself), all are candidates.
 */
export function routingCandidates(modelNames: readonly string[], checkLists: readonly Check[][], configurations: unknown): string[] {
  const judges = new Set(checkLists.flatMap((checks) => findJudgeChecks(checks).map((check) => check.judge!.model)));
  const named = namedByConfigurations(configurations);
  const candidates = modelNames.filter((model) => !judges.has(model) || named.has(model));
  return candidates.length > 0 ? candidates : [...modelNames];
}

/** The model names the configurations route to, as written (not the verifiers a cascade's `accept` asks). */
function namedByConfigurations(configurations: unknown): Set<string> {
  const named = new Set<string>();
  if (!isPlainObject(configurations)) return named;
  const take = (value: unknown) => {
    if (typeof value === 'string') named.add(value);
  };
  for (const spec of Object.values(configurations)) {
    if (!isPlainObject(spec)) continue;
    for (const key of ['model', 'default', 'strong', 'weak']) take(spec[key]);
    if (Array.isArray(spec.models)) spec.models.forEach(take);
    if (Array.isArray(spec.rules)) for (const rule of spec.rules) if (isPlainObject(rule)) take(rule.use);
  }
  return named;
}
