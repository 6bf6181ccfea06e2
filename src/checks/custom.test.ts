import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { preloadCustomChecks } from './custom-modules.js';
import { compileCheck } from './registry.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');
const baseDir = fixtures;
const graders = './graders/graders.mjs';

function custom(exportName?: string) {
  const spec = exportName === undefined ? { type: 'custom', module: graders } : { type: 'custom', module: graders, export: exportName };
  return compileCheck(spec, { baseDir });
}

beforeAll(async () => {
  await preloadCustomChecks(
    [
      { type: 'custom', module: graders },
      { type: 'custom', module: './graders/no-default.mjs' },
      { type: 'custom', module: './graders/fails-on-import.mjs' },
      { type: 'custom', module: './graders/missing.mjs' },
    ],
    fixtures,
  );
});

describe('custom', () => {
  it('calls the default export with the output and the item', () => {
    const check = custom();
    expect(check.grade('It is 42.', itemExpecting(42))).toEqual({ status: 'pass', score: 1, reason: 'mentions it' });
    expect(check.grade('It is 41.', itemExpecting(42))).toEqual({ status: 'fail', score: 0.25, reason: 'does not mention it' });
  });

  it('calls a named export, reading a boolean as pass or fail', () => {
    const check = custom('isShort');
    expect(check.grade('short', itemExpecting(null))).toEqual({ status: 'pass', score: 1, reason: 'graders.mjs#isShort returned true' });
    expect(check.grade('far too long an answer', itemExpecting(null))).toMatchObject({ status: 'fail', score: 0 });
  });

  it('fills in the score and reason a grader leaves out', () => {
    expect(custom('passOnly').grade('x', itemExpecting(null))).toEqual({
      status: 'fail',
      score: 0,
      reason: 'graders.mjs#passOnly returned pass: false',
    });
  });

  it('cannot grade when the grader throws', () => {
    expect(custom('throws').grade('x', itemExpecting(null))).toEqual({
      status: 'error',
      score: 0,
      reason: 'could not grade: graders.mjs#throws threw: grader exploded',
    });
  });

  it('cannot grade when the grader returns something else', () => {
    expect(custom('returnsGarbage').grade('x', itemExpecting(null))).toEqual({
      status: 'error',
      score: 0,
      reason:
        'could not grade: graders.mjs#returnsGarbage returned number 42; expected { pass: boolean, score?: number, reason?: string } or a boolean',
    });
    expect(custom('returnsNothing').grade('x', itemExpecting(null)).reason).toContain('returned nothing');
    expect(custom('returnsBadScore').grade('x', itemExpecting(null))).toMatchObject({
      status: 'error',
      reason: 'could not grade: graders.mjs#returnsBadScore returned score number 7; a score is a number from 0 to 1',
    });
  });

  it('cannot grade with an async grader, and swallows its rejection', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      expect(custom('isAsync').grade('x', itemExpecting(null))).toEqual({
        status: 'error',
        score: 0,
        reason: 'could not grade: graders.mjs#isAsync returned a Promise; custom checks must be synchronous',
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('needs no reference, and keeps mock answers bare', () => {
    expect(custom().needsReference).toBe(false);
    expect(custom().acceptsProse).toBe(false);
  });
});

describe('custom: spec', () => {
  it('needs a module', () => {
    expect(specErrorOf(() => compileCheck({ type: 'custom' })).key).toBe('module');
  });

  it('refuses a module that was not preloaded, telling the loader what to do', () => {
    const error = specErrorOf(() => compileCheck({ type: 'custom', module: './graders/graders.mjs' }, { baseDir: '/elsewhere' }));
    expect(error.key).toBe('module');
    expect(error.message).toBe(
      'module /elsewhere/graders/graders.mjs was not loaded; the suite loader must call preloadCustomChecks before compiling',
    );
  });

  it('refuses a missing file and a module that fails to load, on the module key', () => {
    const missing = specErrorOf(() => compileCheck({ type: 'custom', module: './graders/missing.mjs' }, { baseDir }));
    expect(missing.key).toBe('module');
    expect(missing.message).toBe(`module not found: ${join(fixtures, 'graders/missing.mjs')}`);
    const broken = specErrorOf(() => compileCheck({ type: 'custom', module: './graders/fails-on-import.mjs' }, { baseDir }));
    expect(broken.key).toBe('module');
    expect(broken.message).toContain('broken at import');
  });

  it('refuses an export that is not a function, suggesting the functions there are', () => {
    const typo = specErrorOf(() => custom('isShrot'));
    expect(typo.key).toBe('export');
    expect(typo.message).toContain('has no function export "isShrot" (did you mean "isShort"?)');
    expect(specErrorOf(() => custom('notAFunction')).key).toBe('export');
    const noDefault = specErrorOf(() => compileCheck({ type: 'custom', module: './graders/no-default.mjs' }, { baseDir }));
    expect(noDefault.key).toBe('module');
    expect(noDefault.message).toBe('./graders/no-default.mjs has no function export "default"; its functions: gradeLength');
  });

  it('finds a module by its absolute path whatever the base folder', () => {
    const check = compileCheck({ type: 'custom', module: join(fixtures, 'graders/graders.mjs'), export: 'isShort' }, { baseDir: '/' });
    expect(check.grade('ok', itemExpecting(null)).status).toBe('pass');
  });

  it('points at a nested custom spec', () => {
    const error = specErrorOf(() =>
      compileCheck({ type: 'all', checks: [{ type: 'regex', pattern: 'x' }, { type: 'custom', module: graders, export: 'nope' }] }, { baseDir }),
    );
    expect(error.key).toBe('checks.1.export');
  });
});
