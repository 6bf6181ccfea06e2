import { existsSync, readFileSync } from 'node:fs';
import { preloadCustomChecks } from '../checks/index.js';
import { ConfigError } from '../errors.js';
import { parseConfiguration, routerKinds } from './parse-configurations.js';
import { reportReferenceFieldUse } from './reference-fields.js';
import type { ConfigurationSpec, RouterArgumentContext, RouterReader } from '../types/index.js';
import { isPlainObject, Validator } from '../yaml/validator.js';
import { YamlSource } from '../yaml/yaml-source.js';

/**
 * `--router` as a user gives it: a YAML file, inline YAML (`{ router:
 * random, p: 0.3 }`), or a kind alone (`oracle`). Validated like a
 * configuration of a suite, with the same messages.
 */
export function parseRouterArgument(argument: string, name: string | undefined, context: RouterArgumentContext): ConfigurationSpec {
  const { text, file } = readRouterArgument(argument);
  const source = new YamlSource(file, text);
  if (source.syntaxProblems.length > 0) throw new ConfigError(source.syntaxProblems);
  const validator = new Validator(source);
  const value = source.value;
  const configurationName = name ?? (typeof value === 'object' && value !== null && 'router' in value ? String((value as { router: unknown }).router) : 'simulated');
  const configuration = parseConfiguration(configurationName, value, [], validator, context);
  reportReferenceFieldUse(value, [], context.referenceFields, validator, context.baseDir, context.referenceFieldsNote);
  if (validator.problems.length > 0 || !configuration) {
    throw new ConfigError(validator.problems.length > 0 ? validator.problems : [{ location: { file }, message: 'not a router configuration' }]);
  }
  return configuration;
}

/** The YAML text of `--router` and where it came from. */
function readRouterArgument(argument: string): { text: string; file: string } {
  if (!argument.includes('\n') && existsSync(argument)) return { text: readFileSync(argument, 'utf8'), file: argument };
  if ((routerKinds as readonly string[]).includes(argument.trim())) return { text: `{ router: ${argument.trim()} }`, file: '--router' };
  return { text: argument, file: '--router' };
}

/**
 * Imports the custom modules a cascade's `accept` names (relative to
 * `baseDir`), which validating and compiling its checks need: checks are
 * compiled synchronously, modules are imported asynchronously.
 */
export async function preloadRouterChecks(argument: string, baseDir: string): Promise<void> {
  const { text, file } = readRouterArgument(argument);
  const value = new YamlSource(file, text).value;
  if (isPlainObject(value) && Array.isArray(value.accept)) await preloadCustomChecks(value.accept, baseDir);
}

/** The reader of a `--router` argument that `simulate` and `sweep` are handed: its custom checks loaded, then parsed. */
export function routerReader(argument: string, name?: string): RouterReader {
  return async (context) => {
    await preloadRouterChecks(argument, context.baseDir);
    return parseRouterArgument(argument, name, context);
  };
}
