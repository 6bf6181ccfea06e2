import { compileCheck, findJudgeChecks, preloadCustomChecks, referenceModelsOf, withModelReference } from '../checks/index.js';
import { CheckSpecError, type Problem } from '../errors.js';
import type { Check, CheckSpec } from '../types/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import { isPlainObject, type PlainObject, type Validator } from '../yaml/validator.js';
import type { DocumentPath, YamlSource } from '../yaml/yaml-source.js';
import type { DatasetRow } from './read-dataset.js';

/** Every check spec the suite file writes, to load its custom check modules before any is compiled. */
export function collectCheckSpecs(root: PlainObject): unknown[] {
  const specs = Array.isArray(root.checks) ? [...root.checks] : [];
  // A cascade's acceptance checks may be custom modules too.
  if (isPlainObject(root.configurations)) {
    for (const configuration of Object.values(root.configurations)) {
      if (isPlainObject(configuration) && Array.isArray(configuration.accept)) specs.push(...configuration.accept);
    }
  }
  if (Array.isArray(root.items)) {
    for (const item of root.items) if (isPlainObject(item) && Array.isArray(item.checks)) specs.push(...item.checks);
  }
  return specs;
}

/** `checks.1.pattern` from a check's error, as a document path: numbers index lists. */
function keyPath(key: string): DocumentPath {
  return key.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** A list of checks written at `path` (the suite's `checks:`), compiled; a spec that does not compile is a problem there. */
export function compileCheckList(value: unknown, path: DocumentPath, validator: Validator, baseDir: string): Check[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    validator.report(path, 'must be a list of checks, e.g. [{ type: exact }]');
    return [];
  }
  const checks: Check[] = [];
  value.forEach((spec, index) => {
    try {
      checks.push(compileCheck(spec, { baseDir }));
    } catch (error) {
      if (!(error instanceof CheckSpecError)) throw error;
      const at = error.key === undefined ? [...path, index] : [...path, index, ...keyPath(error.key)];
      validator.report(at, error.message, error.key === undefined ? 'value' : 'key');
    }
  });
  return checks;
}

/** An item's own checks as written, with the first item that wrote them (where a problem in them is shown). */
export interface ItemCheckSpecs {
  specs: CheckSpec[];
  row: DatasetRow;
  itemId: string;
}

/** Item-level checks compiled once per distinct spec (keyed by its JSON text); a spec that does not compile is a problem on its first item. */
export async function compileItemChecks(distinct: Map<string, ItemCheckSpecs>, baseDir: string, referenceModel?: string): Promise<{ checksByText: Map<string, Check[]>; problems: Problem[] }> {
  await preloadCustomChecks([...distinct.values()].flatMap((entry) => entry.specs), baseDir);
  const checksByText = new Map<string, Check[]>();
  const problems: Problem[] = [];
  for (const [key, { specs, row, itemId }] of distinct) {
    const checks: Check[] = [];
    for (const [index, spec] of specs.entries()) {
      try {
        checks.push(compileCheck(spec, { baseDir }));
      } catch (error) {
        if (!(error instanceof CheckSpecError)) throw error;
        const location = row.locate(['checks', index, ...(error.key === undefined ? [] : keyPath(error.key))]);
        problems.push({ location, path: `checks[${index}]`, message: `item "${itemId}": ${error.message}` });
      }
    }
    checksByText.set(key, withSuiteReference(checks, referenceModel));
  }
  return { checksByText, problems };
}

/**
 * The suite's `reference: { model, label_check? }`: the model whose answers
 * are the reference, and the check that grades an answer against an item's
 * own label (`expected`) where it has one, to measure how often the judge
 * agrees with the labels (default: exact, ignoring case, spacing and
 * punctuation). Undefined (and a problem) when it names no model.
 */
export function readSuiteReference(root: PlainObject, validator: Validator, baseDir: string): { model: string; labelCheck?: Check } | undefined {
  if (root.reference === undefined) return undefined;
  const spec = validator.object(root.reference, ['reference'], 'a mapping { model: <one of the suite\'s models> }');
  if (!spec) return undefined;
  validator.knownKeys(spec, ['reference'], ['model', 'label_check']);
  const model = validator.string(spec, 'model', ['reference'], true);
  if (model === undefined) return undefined;
  const [labelCheck] = compileCheckList([spec.label_check ?? defaultLabelCheck], ['reference', 'label_check'], validator, baseDir);
  return { model, labelCheck };
}

const defaultLabelCheck = { type: 'exact', normalize: ['case', 'whitespace', 'punctuation'] };

/** With a suite-level `reference: { model }`, every check that names no reference of its own grades against that model's answer. */
export function withSuiteReference(checks: Check[], model: string | undefined): Check[] {
  if (model === undefined) return checks;
  return checks.map((check) => (check.referenceModel === undefined ? withModelReference(check, model) : check));
}

/** One problem per reference model (`reference: { model }`) that `models:` lacks. */
export function unknownReferenceModelProblems(checkLists: Check[][], modelNames: string[], source: YamlSource): Problem[] {
  const named = new Set(checkLists.flatMap((checks) => referenceModelsOf(checks)));
  return [...named].filter((model) => !modelNames.includes(model)).map((model) => ({
    location: source.locate(root(source)),
    message: `\`reference\` names the model "${model}"${didYouMean(model, modelNames)}, which is not under models:`,
  }));
}

function root(source: YamlSource): DocumentPath {
  return source.value !== null && typeof source.value === 'object' && 'reference' in (source.value as object) ? ['reference'] : ['checks'];
}

/** One problem per judge model that an llm-judge check names and `models:` lacks. */
export function unknownJudgeModelProblems(checkLists: Check[][], modelNames: string[], source: YamlSource): Problem[] {
  const unknown = new Map<string, string>();
  for (const checks of new Set(checkLists)) {
    for (const judge of findJudgeChecks(checks)) if (!modelNames.includes(judge.judge!.model)) unknown.set(judge.judge!.model, judge.type);
  }
  return [...unknown].map(([model, type]) => ({
    location: source.locate(['checks']),
    message: `a${type === 'llm-judge' ? 'n' : ''} ${type} check names the judge model "${model}"${didYouMean(model, modelNames)}, which is not under models:`,
  }));
}
