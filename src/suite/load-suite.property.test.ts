import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../errors.js';
import { loadSuite } from './load-suite.js';
import type { ConfigurationSpec, LoadedSuite } from '../types/index.js';

/**
 * Whatever a suite and its dataset hold, loading either gives a suite that can
 * run or a ConfigError whose every problem says something; never another
 * error (a TypeError from a value of an unexpected type), never a hang.
 * Inputs start valid and are broken the ways people and tools break them:
 * keys deleted, copied under other names, given other types, values swapped,
 * stray characters (control and astral ones too), files cut short.
 */

type Path = ReadonlyArray<string | number>;
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const validSuite: { [key: string]: Json } = {
  name: 'property',
  version: 2,
  description: 'arithmetic',
  prompt: 'Q: {{question}}',
  checks: [{ type: 'exact', normalize: ['case', 'whitespace'] }, { type: 'regex', pattern: '\\d+' }],
  models: {
    big: { provider: 'mock', quality: { default: 0.9, hard: 0.8 }, price: { input_mtok: 10, output_mtok: 30 } },
    small: { provider: 'mock', quality: 0.7, price: { input_mtok: 1, output_mtok: 2 }, faults: { rate_limit: 0.1 } },
  },
  configurations: {
    'all-big': { model: 'big' },
    'all-small': { model: 'small' },
    routed: {
      router: 'rules',
      rules: [
        { when: { tags: ['hard'] }, use: 'big' },
        { when: { field: 'question', matches: '[0-9]{2,}', flags: 'i' }, use: 'big' },
      ],
      default: 'small',
    },
    coin: { router: 'random', p: 0.3 },
    cascade: { router: 'cascade', models: ['small', 'big'], accept: [{ type: 'regex', pattern: '^\\d+$' }] },
    best: { router: 'oracle', models: ['small', 'big'] },
  },
  baseline: 'all-big',
  frontier: 'big',
  margin_pp: 1.5,
  seed: 3,
  mock: { correlation: 0.5 },
};

const validItems: Array<{ [key: string]: Json }> = [
  { id: 'a', question: '2+2?', expected: '4', tags: ['easy'] },
  { id: 'b', question: '12+30?', expected: '42', tags: ['hard'] },
  { id: 3, question: '3+3?', expected: '6' },
];

/** Names a mutation may copy a value to: the suite's own keys, and near misses of them. */
const keyNames = ['name', 'prompt', 'models', 'items', 'dataset', 'checks', 'configurations', 'baseline', 'frontier', 'router', 'model',
  'models ', 'price', 'input_mtok', 'rules', 'use', 'default', 'when', 'type', 'pattern', 'id', 'expected', 'tags', 'question', 'qualty', '__proto__', 'constructor'];

type DatasetFormat = 'inline' | 'jsonl' | 'csv' | 'json';

type ValueMutation =
  | { kind: 'delete'; at: number }
  | { kind: 'copy'; at: number; key: string }
  | { kind: 'retype'; at: number; value: Json }
  | { kind: 'swap'; at: number; with: number };

type TextMutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate-line'; at: number }
  | { kind: 'delete-line'; at: number };

const json: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
const position = fc.nat({ max: 10_000 });

const valueMutation: fc.Arbitrary<ValueMutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: position }),
  fc.record({ kind: fc.constant('copy' as const), at: position, key: fc.oneof(fc.constantFrom(...keyNames), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('retype' as const), at: position, value: json }),
  fc.record({ kind: fc.constant('swap' as const), at: position, with: position }),
);

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    // Full Unicode, control characters, the BOM, quotes and YAML's own punctuation.
    text: fc.oneof(
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
      {
        weight: 2,
        arbitrary: fc.constantFrom('\t', '\0', '\r', '\uFEFF', '\u2028', '"', "'", '{', '[', ']', ': ', '- ', ' &a ', ' *a', '*a ', '<<: *a\n',
          '!!binary ', '!!int ', '!custom ', '---\n', '...\n', '\n  x: 1\n', '? ', '%', '#', '|', '>', '\\', '\u00e9', '\ud800'),
      },
    ),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: position }),
  fc.record({ kind: fc.constant('delete-line' as const), at: position }),
);

/** Every place in a value: keys of mappings and indexes of lists, depth first. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((entry, index) => [[...prefix, index], ...pathsOf(entry, [...prefix, index])]);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, entry]) => [[...prefix, key], ...pathsOf(entry, [...prefix, key])]);
  }
  return [];
}

function parentOf(root: Json, path: Path): { [key: string]: Json } | Json[] {
  let node = root;
  for (const part of path.slice(0, -1)) node = (node as { [key: string]: Json })[part as string]!;
  return node as { [key: string]: Json } | Json[];
}

function getAt(root: Json, path: Path): Json {
  return (parentOf(root, path) as { [key: string]: Json })[path.at(-1) as string]!;
}

function setAt(root: Json, path: Path, value: Json): void {
  (parentOf(root, path) as { [key: string]: Json })[path.at(-1) as string] = value;
}

function mutateValue(original: Json, mutations: readonly ValueMutation[]): Json {
  // Through JSON: generated lists may hold one object twice, and a mutation must change one place.
  const root = JSON.parse(JSON.stringify(original)) as Json;
  for (const mutation of mutations) {
    const paths = pathsOf(root);
    if (paths.length === 0) return root;
    const path = paths[mutation.at % paths.length]!;
    const parent = parentOf(root, path);
    const last = path.at(-1)!;
    switch (mutation.kind) {
      case 'delete':
        if (Array.isArray(parent)) parent.splice(last as number, 1);
        else delete parent[last as string];
        break;
      case 'copy':
        // Into the same mapping under another name; into a list, a second copy of the entry.
        if (Array.isArray(parent)) parent.push(JSON.parse(JSON.stringify(parent[last as number]!)) as Json);
        else Object.defineProperty(parent, mutation.key, { value: JSON.parse(JSON.stringify(parent[last as string]!)) as Json, enumerable: true, configurable: true, writable: true });
        break;
      case 'retype':
        setAt(root, path, mutation.value);
        break;
      case 'swap': {
        const other = paths[mutation.with % paths.length]!;
        // A value cannot be swapped with its own ancestor or descendant.
        const nested = other.length !== path.length && (other.slice(0, path.length).join('\0') === path.join('\0') || path.slice(0, other.length).join('\0') === other.join('\0'));
        if (nested) break;
        const value = getAt(root, path);
        setAt(root, path, getAt(root, other));
        setAt(root, other, value);
        break;
      }
    }
  }
  return root;
}

function mutateText(original: string, mutations: readonly TextMutation[]): string {
  let text = original;
  for (const mutation of mutations) {
    const at = mutation.at % (text.length + 1);
    const lines = text.split('\n');
    const line = mutation.at % lines.length;
    switch (mutation.kind) {
      case 'insert':
        text = text.slice(0, at) + mutation.text + text.slice(at);
        break;
      case 'truncate':
        text = text.slice(0, at);
        break;
      case 'duplicate-line':
        lines.splice(line, 0, lines[line]!);
        text = lines.join('\n');
        break;
      case 'delete-line':
        lines.splice(line, 1);
        text = lines.join('\n');
        break;
    }
  }
  return text;
}

function csvOf(items: readonly Json[]): string {
  const cell = (value: Json | undefined) => {
    const text = value === undefined || value === null ? '' : Array.isArray(value) ? value.join(';') : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const rows = items.map((item) => (item !== null && typeof item === 'object' && !Array.isArray(item) ? item : { id: cell(item) }));
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\n') + '\n';
}

/** The files of one case: the suite text and its dataset, both mutated. */
interface Case {
  format: DatasetFormat;
  suiteMutations: ValueMutation[];
  items: Json[];
  itemMutations: ValueMutation[];
  suiteTextMutations: TextMutation[];
  datasetTextMutations: TextMutation[];
}

const itemsArbitrary: fc.Arbitrary<Json[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(validItems as Json[]) },
  // Random JSON values for items, and valid items with random ones among them.
  { weight: 1, arbitrary: fc.array(json, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...(validItems as Json[])), json), { minLength: 1, maxLength: 5 }) },
);

/** Often none: a case with one thing broken reaches deeper into the loader than one broken everywhere. */
function some<T>(mutation: fc.Arbitrary<T>, maxLength: number): fc.Arbitrary<T[]> {
  return fc.oneof({ weight: 1, arbitrary: fc.constant<T[]>([]) }, { weight: 1, arbitrary: fc.array(mutation, { minLength: 1, maxLength }) });
}

const format = fc.constantFrom<DatasetFormat>('inline', 'jsonl', 'csv', 'json');
const untouched = fc.constant<never[]>([]);
const validItemsArbitrary = fc.constant(validItems as Json[]);

/** One property per thing broken, so that each gets its ~300 runs, and one with everything at once. */
const properties: Array<[string, fc.Arbitrary<Case>]> = [
  ['keys and values of the suite', fc.record({ format, suiteMutations: fc.array(valueMutation, { minLength: 1, maxLength: 3 }), items: validItemsArbitrary, itemMutations: untouched, suiteTextMutations: untouched, datasetTextMutations: untouched })],
  ['the suite text', fc.record({ format, suiteMutations: untouched, items: validItemsArbitrary, itemMutations: untouched, suiteTextMutations: fc.array(textMutation, { minLength: 1, maxLength: 3 }), datasetTextMutations: untouched })],
  ['the dataset', fc.record({ format, suiteMutations: untouched, items: itemsArbitrary, itemMutations: some(valueMutation, 2), suiteTextMutations: untouched, datasetTextMutations: some(textMutation, 2) })],
  ['everything at once', fc.record({ format, suiteMutations: some(valueMutation, 3), items: itemsArbitrary, itemMutations: some(valueMutation, 2), suiteTextMutations: some(textMutation, 2), datasetTextMutations: some(textMutation, 2) })],
];

const folder = mkdtempSync(join(tmpdir(), 'route-bench-property-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function writeCase(testCase: Case): string {
  const items = mutateValue(testCase.items, testCase.itemMutations);
  const suite = mutateValue(validSuite, testCase.suiteMutations) as { [key: string]: Json };
  const list = Array.isArray(items) ? items : [items];
  if (testCase.format === 'inline') {
    // Mutations may have deleted the key or made the suite something else than a mapping: only add to a mapping.
    if (suite !== null && typeof suite === 'object' && !Array.isArray(suite)) suite.items = list;
  } else {
    const file = `items.${testCase.format}`;
    const text = testCase.format === 'jsonl' ? list.map((item) => JSON.stringify(item)).join('\n') + '\n' : testCase.format === 'csv' ? csvOf(list) : JSON.stringify(list, null, 1);
    writeFileSync(join(folder, file), mutateText(text, testCase.datasetTextMutations));
    if (suite !== null && typeof suite === 'object' && !Array.isArray(suite)) suite.dataset = file;
  }
  const path = join(folder, 'suite.yaml');
  writeFileSync(path, mutateText(stringify(suite), testCase.suiteTextMutations));
  return path;
}

function modelsOf(configuration: ConfigurationSpec): string[] {
  switch (configuration.kind) {
    case 'fixed':
      return [configuration.model];
    case 'rules':
      return [...configuration.rules.map((rule) => rule.use), configuration.default];
    case 'random':
    case 'threshold':
      return [configuration.strong, configuration.weak];
    case 'oracle':
    case 'predictive':
    case 'cascade':
    case 'external':
      return configuration.models;
  }
}

function expectRunnable(suite: LoadedSuite): void {
  expect(suite.items.length).toBeGreaterThan(0);
  expect(suite.configurations.length).toBeGreaterThan(0);
  for (const configuration of suite.configurations) {
    for (const model of modelsOf(configuration)) expect(Object.keys(suite.models), `${configuration.name} uses ${model}`).toContain(model);
  }
  expect(suite.configurations.map((configuration) => configuration.name)).toContain(suite.baseline);
  expect(Object.keys(suite.models)).toContain(suite.frontier);
  expect(new Set(suite.items.map((item) => item.id)).size).toBe(suite.items.length);
}

function expectUsableError(error: unknown): void {
  if (!(error instanceof ConfigError)) throw new Error(`loadSuite threw ${String(error)} instead of a ConfigError`, { cause: error });
  expect(error.problems.length).toBeGreaterThan(0);
  for (const problem of error.problems) {
    expect(typeof problem.message).toBe('string');
    expect(problem.message.trim()).not.toBe('');
  }
}

async function loadsOrExplains(path: string): Promise<'loaded' | 'refused'> {
  let suite: LoadedSuite;
  try {
    suite = await loadSuite(path);
  } catch (error) {
    expectUsableError(error);
    return 'refused';
  }
  expectRunnable(suite);
  return 'loaded';
}

describe('loadSuite on mutated suites and datasets', () => {
  it('loads the unmutated suite with each dataset format', async () => {
    for (const format of ['inline', 'jsonl', 'csv', 'json'] as const) {
      const path = writeCase({ format, suiteMutations: [], items: validItems as Json[], itemMutations: [], suiteTextMutations: [], datasetTextMutations: [] });
      expect(await loadsOrExplains(path)).toBe('loaded');
    }
  });

  it.each(properties)('mutating %s: a runnable suite, or a ConfigError whose every problem says something', async (_, cases) => {
    const outcomes = { loaded: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(cases, async (testCase) => {
        outcomes[await loadsOrExplains(writeCase(testCase))]++;
      }),
      // A hang is a failure, not a stuck test run.
      { seed: 20_251_127, numRuns: 300, timeout: 5_000 },
    );
    // Both outcomes must be reached, or the mutations test nothing.
    expect(outcomes.loaded).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(10);
  });
});
