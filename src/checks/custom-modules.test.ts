import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadedCustomModule, preloadCustomChecks, resolveCustomModulePath } from './custom-modules.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '__fixtures__');

describe('preloadCustomChecks', () => {
  it('loads the modules of nested custom checks, relative to the suite folder', async () => {
    await preloadCustomChecks(
      [
        { type: 'exact' },
        { type: 'not', check: { type: 'custom', module: './graders/no-default.mjs' } },
        { type: 'any', checks: [{ type: 'regex', pattern: 'x' }, { type: 'all', checks: [{ type: 'custom', module: 'graders/graders.mjs' }] }] },
      ],
      fixtures,
    );
    const noDefault = loadedCustomModule(join(fixtures, 'graders/no-default.mjs'));
    expect(noDefault?.loaded && typeof noDefault.exports.gradeLength).toBe('function');
    expect(loadedCustomModule(join(fixtures, 'graders/graders.mjs'))?.loaded).toBe(true);
  });

  it('remembers a module it could not load, with the reason, instead of throwing', async () => {
    await expect(
      preloadCustomChecks([{ type: 'custom', module: './graders/fails-on-import.mjs' }, { type: 'custom', module: 'nowhere.mjs' }], fixtures),
    ).resolves.toBeUndefined();
    expect(loadedCustomModule(join(fixtures, 'graders/fails-on-import.mjs'))).toEqual({
      loaded: false,
      reason: expect.stringContaining('broken at import'),
    });
    expect(loadedCustomModule(join(fixtures, 'nowhere.mjs'))).toEqual({
      loaded: false,
      reason: `module not found: ${join(fixtures, 'nowhere.mjs')}`,
    });
  });

  it('never imports a relative module outside the suite folder, and says why; an absolute path is taken as written', async () => {
    const graders = join(fixtures, 'graders');
    // graders.mjs exists beside the folder the suite is in, but `../` may not reach it.
    await preloadCustomChecks([{ type: 'custom', module: '../graders.mjs' }, { type: 'custom', module: join(fixtures, 'graders/no-default.mjs') }],
      join(graders, 'inner'));
    expect(loadedCustomModule(join(graders, 'graders.mjs'))).toEqual({
      loaded: false,
      reason: '"../graders.mjs" is outside the suite\'s folder; a relative `module` must be inside it (a custom check is code that runs as you: give an absolute path to run one from elsewhere)',
    });
    expect(loadedCustomModule(join(graders, 'no-default.mjs'))?.loaded).toBe(true);
    // From its own folder it loads.
    await preloadCustomChecks([{ type: 'custom', module: 'graders.mjs' }], graders);
    expect(loadedCustomModule(join(graders, 'graders.mjs'))?.loaded).toBe(true);
  });

  it('sees through a symbolic link inside the suite folder to a module outside it', async () => {
    const suiteDir = mkdtempSync(join(tmpdir(), 'route-bench-link-'));
    symlinkSync(join(fixtures, 'graders/graders.mjs'), join(suiteDir, 'link.mjs'));
    await preloadCustomChecks([{ type: 'custom', module: 'link.mjs' }], suiteDir);
    expect(loadedCustomModule(join(suiteDir, 'link.mjs'))).toEqual({ loaded: false, reason: expect.stringContaining('"link.mjs" is outside the suite\'s folder') });
  });

  it('ignores specs that are not custom checks or not well-formed', async () => {
    await expect(preloadCustomChecks([null, 'exact', { type: 'custom' }, { type: 'custom', module: 3 }], fixtures)).resolves.toBeUndefined();
  });
});

describe('resolveCustomModulePath', () => {
  it('keeps an absolute path and resolves a relative one under the base folder', () => {
    expect(resolveCustomModulePath('/opt/graders/a.mjs', '/suites')).toBe('/opt/graders/a.mjs');
    expect(resolveCustomModulePath('./graders/a.mjs', '/suites/legal')).toBe('/suites/legal/graders/a.mjs');
    expect(resolveCustomModulePath('../shared/a.mjs', '/suites/legal')).toBe('/suites/shared/a.mjs');
  });
});
