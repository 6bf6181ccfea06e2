import { realpathSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A custom grader module after loading: its exports, or why it could not be loaded. */
export type LoadedModule = { loaded: true; exports: Record<string, unknown> } | { loaded: false; reason: string };

/**
 * Modules by absolute path. Grading is synchronous and `import()` is not, so
 * the loader imports every module a suite names before compiling its checks,
 * and compiling only looks here.
 */
const loadedModules = new Map<string, LoadedModule>();

/** Where a custom check's `module` lives: an absolute path as it is, a relative one under `baseDir`. */
export function resolveCustomModulePath(module: string, baseDir: string): string {
  return resolve(baseDir, module);
}

/** The `module` of every custom check in a list, including those nested under `check` or `checks`. */
function customModulesIn(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    for (const element of value) customModulesIn(element, found);
  } else if (typeof value === 'object' && value !== null) {
    const spec = value as Record<string, unknown>;
    if (spec.type === 'custom' && typeof spec.module === 'string') found.add(spec.module);
    customModulesIn(spec.check, found);
    customModulesIn(spec.checks, found);
  }
  return found;
}

async function load(path: string): Promise<LoadedModule> {
  try {
    await access(path);
  } catch {
    return { loaded: false, reason: `module not found: ${path}` };
  }
  try {
    const exports = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    return { loaded: true, exports };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { loaded: false, reason: `cannot load ${path}: ${message}` };
  }
}

/**
 * Imports the module of every custom check in `specs` (suite checks and item
 * checks alike; nested ones too), resolving relative paths against
 * `suiteDir`. Never throws: a module that is missing or fails to import is
 * remembered with its reason, and compiling that check throws a
 * CheckSpecError on its `module` key, where the loader can locate it.
 */
export async function preloadCustomChecks(specs: readonly unknown[], suiteDir: string): Promise<void> {
  const modules = [...customModulesIn(specs, new Set())];
  const paths = new Set<string>();
  for (const module of modules) {
    const path = resolveCustomModulePath(module, suiteDir);
    const outside = !isAbsolute(module) && (leavesFolder(suiteDir, path) || leavesFolder(realOrSame(suiteDir), realOrSame(path)));
    // Never imported: a suite from elsewhere cannot reach code beside it with `../`.
    if (outside) loadedModules.set(path, { loaded: false, reason: `${JSON.stringify(module)} is outside the suite's folder; a relative \`module\` must be inside it (a custom check is code that runs as you: give an absolute path to run one from elsewhere)` });
    else paths.add(path);
  }
  // A module that failed is tried again: the user may have fixed it since.
  const pending = [...paths].filter((path) => loadedModules.get(path)?.loaded !== true);
  await Promise.all(pending.map(async (path) => loadedModules.set(path, await load(path))));
}

/** The path with its symbolic links resolved, so a link inside the folder to a module outside it is seen for what it is. */
function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function leavesFolder(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside === '' || inside.split(sep)[0] === '..' || isAbsolute(inside);
}

/** A module `preloadCustomChecks` has seen, or undefined when it has not. */
export function loadedCustomModule(path: string): LoadedModule | undefined {
  return loadedModules.get(path);
}
