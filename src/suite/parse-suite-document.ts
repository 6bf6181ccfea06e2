import { ConfigError } from '../errors.js';
import { parseGateBlock } from '../gate/parse-gate-block.js';
import { parseMockBlock } from '../mock/parse-mock-settings.js';
import type { GateCriteria } from '../types/index.js';
import { compileTemplate, type Template } from '../util/template.js';
import { Validator, type PlainObject } from '../yaml/validator.js';
import { YamlSource } from '../yaml/yaml-source.js';

const topLevelKeys = [
  'name',
  'version',
  'description',
  'dataset',
  'items',
  'prompt',
  'checks',
  'models',
  'configurations',
  'baseline',
  'frontier',
  'margin_pp',
  'max_gap_pct',
  'seed',
  'mock',
  'gate',
  'reference_fields',
  'reference',
];

/** The suite's YAML, its top-level mapping, and the validator that collects its problems. */
export interface SuiteDocument {
  source: YamlSource;
  root: PlainObject;
  validator: Validator;
}

/**
 * Parses the suite text as a mapping of known top-level keys. A text that is
 * not YAML, is empty or is not a mapping is a ConfigError at once: nothing
 * else in it can be read.
 */
export function openSuiteDocument(shownPath: string, text: string): SuiteDocument {
  const source = new YamlSource(shownPath, text);
  if (source.syntaxProblems.length > 0) throw new ConfigError(source.syntaxProblems);
  if (source.value === null || source.value === undefined) {
    throw new ConfigError([{ location: { file: shownPath, line: 1, column: 1 }, message: 'the suite file is empty; it needs at least name, prompt, models and dataset (or items)' }]);
  }
  const validator = new Validator(source);
  const root = validator.object(source.value ?? undefined, [], 'a mapping of suite keys (name, prompt, models, ...)');
  if (!root) throw new ConfigError(validator.problems);
  validator.knownKeys(root, [], topLevelKeys);
  return { source, root, validator };
}

/** The suite's scalar settings, with their defaults; a required one that is missing is undefined (and a problem). */
export interface SuiteHeader {
  name: string | undefined;
  version: number;
  description: string | undefined;
  promptSource: string | undefined;
  prompt: Template;
  marginPp: number;
  maxGapPct: number;
  seed: number;
  mockCorrelation: number;
  gate: GateCriteria | undefined;
}

export function parseSuiteHeader({ root, validator }: SuiteDocument): SuiteHeader {
  const name = validator.string(root, 'name', [], true);
  const version = validator.number(root, 'version', [], { integer: true, min: 0 }) ?? 1;
  const description = validator.string(root, 'description', []);
  // Optional: a suite of chat items (`messages`) needs none.
  const promptSource = validator.string(root, 'prompt', []);
  const prompt = compileTemplate(promptSource ?? '');
  const marginPp = validator.number(root, 'margin_pp', [], { min: 0, max: 100 }) ?? 1;
  const maxGapPct = validator.number(root, 'max_gap_pct', [], { min: 0, max: 100 }) ?? 2;
  const seed = validator.number(root, 'seed', [], { integer: true, min: 0 }) ?? 0;
  const mockCorrelation = parseMockBlock(root, validator);
  const gate = parseGateBlock(root, validator);
  return { name, version, description, promptSource, prompt, marginPp, maxGapPct, seed, mockCorrelation, gate };
}
