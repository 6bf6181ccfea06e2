import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { parseConfiguration, routerKinds } from '../suite/parse-configurations.js';
import type { ConfigurationSpec } from '../suite/types.js';
import { Validator } from '../suite/validator.js';
import { YamlSource } from '../suite/yaml-source.js';

export interface RouterArgumentContext {
  modelNames: string[];
  frontier: string;
  seed: number;
  baseDir: string;
}

/**
 * `--router` as a user gives it: a YAML file, inline YAML (`{ router:
 * random, p: 0.3 }`), or a kind alone (`oracle`). Validated like a
 * configuration of a suite, with the same messages.
 */
export function parseRouterArgument(argument: string, name: string | undefined, context: RouterArgumentContext): ConfigurationSpec {
  let text = argument;
  let file = '--router';
  if (!argument.includes('\n') && existsSync(argument)) {
    text = readFileSync(argument, 'utf8');
    file = argument;
  } else if ((routerKinds as readonly string[]).includes(argument.trim())) {
    text = `{ router: ${argument.trim()} }`;
  }
  const source = new YamlSource(file, text);
  if (source.syntaxProblems.length > 0) throw new ConfigError(source.syntaxProblems);
  const validator = new Validator(source);
  const value = source.value;
  const configurationName = name ?? (typeof value === 'object' && value !== null && 'router' in value ? String((value as { router: unknown }).router) : 'simulated');
  const configuration = parseConfiguration(configurationName, value, [], validator, context);
  if (validator.problems.length > 0 || !configuration) {
    throw new ConfigError(validator.problems.length > 0 ? validator.problems : [{ location: { file }, message: 'not a router configuration' }]);
  }
  return configuration;
}
