import type { GateCriteria } from '../types/index.js';
import { Validator, type PlainObject } from '../yaml/validator.js';

const gateKeys = ['configurations', 'max_quality_loss_pp', 'min_cost_reduction', 'require_non_inferior', 'max_regression_pp', 'max_cost_increase_pct',
  'max_unanswered_pct'];

/** A suite's `gate:` block as criteria, with only the criteria it sets; undefined when it has none (or they cannot be read: a problem). */
export function parseGateBlock(root: PlainObject, validator: Validator): GateCriteria | undefined {
  if (root.gate === undefined) return undefined;
  const gate = validator.object(root.gate, ['gate'], 'a mapping of criteria, e.g. { max_quality_loss_pp: 1, min_cost_reduction: 2 }');
  if (!gate) return undefined;
  validator.knownKeys(gate, ['gate'], gateKeys);
  const requireNonInferior = gate.require_non_inferior;
  if (requireNonInferior !== undefined && typeof requireNonInferior !== 'boolean') validator.report(['gate', 'require_non_inferior'], 'must be true or false');
  const criteria: GateCriteria = {
    configurations: validator.stringList(gate, 'configurations', ['gate']),
    maxQualityLossPp: validator.number(gate, 'max_quality_loss_pp', ['gate'], { min: 0 }),
    minCostReduction: validator.number(gate, 'min_cost_reduction', ['gate'], { above: 0 }),
    requireNonInferior: requireNonInferior === true ? true : undefined,
    maxRegressionPp: validator.number(gate, 'max_regression_pp', ['gate'], { min: 0 }),
    maxCostIncreasePct: validator.number(gate, 'max_cost_increase_pct', ['gate'], { min: 0 }),
    maxUnansweredPct: validator.number(gate, 'max_unanswered_pct', ['gate'], { min: 0, max: 100 }),
  };
  return Object.fromEntries(Object.entries(criteria).filter(([, value]) => value !== undefined)) as GateCriteria;
}
