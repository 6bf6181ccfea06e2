import { basename } from 'node:path';
import type { CheckKind, Item, Verdict } from '../types/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import { loadedCustomModule, resolveCustomModulePath } from './custom-modules.js';
import { describeValue, readOptionalText, readRequiredText } from './spec-values.js';
import { CheckSpecError } from '../errors.js';
import { couldNotGrade } from './verdict.js';

/** What a custom grader is: a pure, synchronous function of the output and the item. */
export type CustomGrader = (output: string, item: Item) => unknown;

const expectedShape = '{ pass: boolean, score?: number, reason?: string } or a boolean';

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function describeReturned(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  return describeValue(value);
}

/** The verdict a grader's return value stands for; anything off the documented shape cannot grade. */
function toVerdict(result: unknown, name: string): Verdict {
  if (isThenable(result)) {
    // Nobody awaits it: a rejection must not surface later as an unhandled one and end the run.
    Promise.resolve(result).catch(() => undefined);
    return couldNotGrade(`could not grade: ${name} returned a Promise; custom checks must be synchronous`);
  }
  if (typeof result === 'boolean') {
    return { status: result ? 'pass' : 'fail', score: result ? 1 : 0, reason: `${name} returned ${result}` };
  }
  const isResult =
    typeof result === 'object' && result !== null && typeof (result as { pass?: unknown }).pass === 'boolean';
  if (!isResult) {
    return couldNotGrade(`could not grade: ${name} returned ${describeReturned(result)}; expected ${expectedShape}`);
  }
  const { pass, score, reason } = result as { pass: boolean; score?: unknown; reason?: unknown };
  if (score !== undefined && (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1)) {
    return couldNotGrade(`could not grade: ${name} returned score ${describeReturned(score)}; a score is a number from 0 to 1`);
  }
  if (reason !== undefined && typeof reason !== 'string') {
    return couldNotGrade(`could not grade: ${name} returned reason ${describeReturned(reason)}; a reason is text`);
  }
  return {
    status: pass ? 'pass' : 'fail',
    score: score ?? (pass ? 1 : 0),
    reason: reason ?? `${name} returned pass: ${pass}`,
  };
}

export const customKind: CheckKind = {
  type: 'custom',
  summary: 'calls `export` (default: the default export) of the JavaScript `module` as fn(output, item)',
  keys: ['module', 'export'],
  compile(spec, _compileNested, options) {
    const module = readRequiredText(spec, 'module');
    const exportName = readOptionalText(spec, 'export') ?? 'default';
    const path = resolveCustomModulePath(module, options.baseDir ?? process.cwd());
    const loaded = loadedCustomModule(path);
    if (loaded === undefined) {
      throw new CheckSpecError(
        `module ${path} was not loaded; the suite loader must call preloadCustomChecks before compiling`,
        'module',
      );
    }
    if (!loaded.loaded) throw new CheckSpecError(loaded.reason, 'module');
    const grader = loaded.exports[exportName];
    if (typeof grader !== 'function') {
      const functions = Object.keys(loaded.exports).filter((name) => typeof loaded.exports[name] === 'function');
      const listed = functions.length > 0 ? `; its functions: ${functions.join(', ')}` : '; it exports no function';
      throw new CheckSpecError(
        `${module} has no function export "${exportName}"${didYouMean(exportName, functions)}${listed}`,
        spec.export === undefined ? 'module' : 'export',
      );
    }
    const name = exportName === 'default' ? basename(module) : `${basename(module)}#${exportName}`;
    return {
      type: 'custom',
      // A grader's tolerance for prose is unknown, so mock answers stay bare.
      acceptsProse: false,
      needsReference: false,
      grade(output, item) {
        let result: unknown;
        try {
          result = (grader as CustomGrader)(output, item);
        } catch (error) {
          return couldNotGrade(`could not grade: ${name} threw: ${error instanceof Error ? error.message : String(error)}`);
        }
        return toVerdict(result, name);
      },
    };
  },
};
