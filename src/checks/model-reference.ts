import { CheckSpecError } from '../errors.js';
import type { Check } from '../types/index.js';
import { couldNotGrade } from './verdict.js';

/**
 * `reference: { model: incumbent }`: a check graded against what a model
 * answered to the same item instead of the item's `expected`, for traffic
 * with no labels where the incumbent's answer is the bar. Any check takes
 * it: exact, numeric, json fields, contains, a judge, `pairwise`. The runner
 * asks the model (replayed or live, through the engine) before grading and
 * hands its answer in `GradeContext.references`; a model that gave none
 * makes the check "could not grade", never a pass.
 */
export function withModelReference(inner: Check, model: string): Check {
  markReference(inner, model);
  return {
    type: inner.type,
    acceptsProse: inner.acceptsProse,
    needsReference: false,
    referenceModel: model,
    children: [inner],
    grade(output, item, context) {
      const answer = context?.references?.get(model);
      if (answer === undefined) return couldNotGrade(`could not grade: the reference model "${model}" gave no answer`);
      return inner.grade(output, { ...item, expected: answer }, context);
    },
  };
}

/** Judges inside the wrapped check are shown the model's answer as `{{reference}}` too. */
function markReference(check: Check, model: string): void {
  if (check.referenceModel !== undefined) return;
  check.referenceModel = model;
  for (const child of check.children ?? []) markReference(child, model);
}

/** The model a `reference:` value names, or a CheckSpecError. */
export function readReferenceModel(value: unknown): string {
  const model = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>).model : undefined;
  if (typeof model !== 'string' || model === '') throw new CheckSpecError('`reference` must be { model: <one of the suite\'s models> }', 'reference');
  const extra = Object.keys(value as object).filter((key) => key !== 'model');
  if (extra.length > 0) throw new CheckSpecError(`unknown key "${extra[0]}" in \`reference\`; known: model`, 'reference');
  return model;
}

const referenceModelsByList = new WeakMap<readonly Check[], string[]>();

/** Every model the checks take a reference from, nested ones included; once per list of checks (items share theirs). */
export function referenceModelsOf(checks: readonly Check[]): string[] {
  let models = referenceModelsByList.get(checks);
  if (!models) referenceModelsByList.set(checks, (models = collectReferenceModels(checks)));
  return models;
}

function collectReferenceModels(checks: readonly Check[]): string[] {
  const found = new Set<string>();
  const visit = (check: Check) => {
    if (check.referenceModel !== undefined) found.add(check.referenceModel);
    for (const child of check.children ?? []) visit(child);
  };
  for (const check of checks) visit(check);
  return [...found];
}
