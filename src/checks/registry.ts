import { didYouMean } from '../util/did-you-mean.js';
import { allKind } from './all.js';
import { anyKind } from './any.js';
import { choiceKind } from './choice.js';
import { containsKind } from './contains.js';
import { customKind } from './custom.js';
import { exactKind } from './exact.js';
import { icontainsKind } from './icontains.js';
import { jsonKind } from './json.js';
import { notKind } from './not.js';
import { numericKind } from './numeric.js';
import { recordedKind } from './recorded.js';
import { llmJudgeKind } from './llm-judge.js';
import { readReferenceModel, withModelReference } from './model-reference.js';
import { pairwiseKind } from './pairwise.js';
import { regexKind } from './regex.js';
import { CheckSpecError } from '../errors.js';
import type { Check, CheckKind, CheckSpec, CompileOptions } from '../types/index.js';

/** Every kind of check, by the `type` a suite writes; in the order help text lists them. */
export const checkKinds: ReadonlyMap<string, CheckKind> = new Map(
  [
    exactKind,
    containsKind,
    icontainsKind,
    regexKind,
    numericKind,
    choiceKind,
    jsonKind,
    notKind,
    allKind,
    anyKind,
    customKind,
    recordedKind,
    llmJudgeKind,
    pairwiseKind,
  ].map((kind) => [kind.type, kind]),
);

export const checkKindNames: readonly string[] = [...checkKinds.keys()];

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A nested spec's errors point at `key.inner` (`check.pattern`), so the loader finds the nested line. */
function compileNested(spec: unknown, key: string, options: CompileOptions): Check {
  try {
    return compileCheck(spec, options);
  } catch (error) {
    if (!(error instanceof CheckSpecError)) throw error;
    throw new CheckSpecError(error.message, error.key === undefined ? key : `${key}.${error.key}`);
  }
}

/**
 * Validates one check as written in a suite and builds it. Throws
 * CheckSpecError naming the offending key: `type` for an unknown kind, the
 * key itself for a key the kind does not know. A spec naming a custom module
 * compiles only after `preloadCustomChecks` has loaded it.
 */
export function compileCheck(spec: unknown, options: CompileOptions = {}): Check {
  if (!isMapping(spec)) {
    throw new CheckSpecError(`a check must be a mapping with a \`type\`; known types: ${checkKindNames.join(', ')}`);
  }
  const type = spec.type;
  if (typeof type !== 'string') {
    throw new CheckSpecError(`a check needs a \`type\`; known: ${checkKindNames.join(', ')}`, 'type');
  }
  const kind = checkKinds.get(type);
  if (kind === undefined) {
    throw new CheckSpecError(
      `unknown check type "${type}"${didYouMean(type, checkKindNames)}; known: ${checkKindNames.join(', ')}`,
      'type',
    );
  }
  // Any check may grade against a model's answer: the check without the key, wrapped.
  if (spec.reference !== undefined) {
    const model = readReferenceModel(spec.reference);
    const { reference: _reference, ...rest } = spec;
    return withModelReference(compileCheck(rest, options), model);
  }
  for (const key of Object.keys(spec)) {
    if (key === 'type' || kind.keys.includes(key)) continue;
    const known = kind.keys.length > 0 ? kind.keys.join(', ') : 'none';
    throw new CheckSpecError(
      `unknown key "${key}" for check "${type}"${didYouMean(key, kind.keys)}; known: ${known}`,
      key,
    );
  }
  return kind.compile(spec as CheckSpec, (nested, key) => compileNested(nested, key, options), options);
}

/**
 * Builds a list of checks. An error's key is prefixed with the position in
 * the list (`1.pattern` for the second check), as a path for the loader.
 */
export function compileChecks(specs: unknown, options: CompileOptions = {}): Check[] {
  if (!Array.isArray(specs)) throw new CheckSpecError('checks must be a list of checks');
  return specs.map((spec: unknown, index) => compileNested(spec, String(index), options));
}
