import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { compileCheck, findJudgeChecks, preloadCustomChecks } from '../checks/index.js';
import { didYouMean } from '../util/did-you-mean.js';
import { CheckSpecError } from '../errors.js';
import type { Check, CheckSpec, ConfigurationSpec, GateCriteria, Item, LoadedSuite, ModelSpec, ReplaySettings, Suite } from '../types/index.js';
import { ConfigError, UsageError, type Problem } from '../errors.js';
import { parseConfiguration, type ConfigurationContext } from './parse-configurations.js';
import { ItemParser } from './parse-items.js';
import { DeclaredFieldsSeen, judgeFieldsOf, readDeclaredReferenceFields, referenceFieldsOf, reportReferenceFieldUse } from './reference-fields.js';
import { streamJsonLines } from './stream-jsonl.js';
import { parseModel, type ParsedModel } from './parse-models.js';
import { resolvePrices } from './resolve-prices.js';
import { decodeUtf8, readDataset, type DatasetRow } from './read-dataset.js';
import { compileTemplate } from '../util/template.js';
import { readReplayRecords } from './read-replay-records.js';
import { readReplayFromRun } from '../store/replay-from-run.js';
import { isPlainObject, Validator, type PlainObject } from '../yaml/validator.js';
import { parseMockBlock } from '../mock/parse-mock-settings.js';
import { YamlSource, type DocumentPath } from '../yaml/yaml-source.js';

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
];


export interface LoadOptions {
  /** The suite's text, when it does not come from `path` (tests). */
  text?: string;
  /** Stream JSONL datasets larger than this many bytes (default 16 MB). */
  streamAboveBytes?: number;
  /** Refuse a model whose API-key variable is unset (default true); an estimate, which calls nothing, needs no key. */
  requireApiKeys?: boolean;
}

/**
 * Reads and validates a suite and its dataset. Throws ConfigError listing
 * every problem found, each with file, line and column; never calls a model.
 */
export async function loadSuite(path: string, options: LoadOptions = {}): Promise<LoadedSuite> {
  const absolutePath = resolve(path);
  let text = options.text;
  if (text === undefined) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(absolutePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'suite file not found' : code === 'EISDIR' ? 'is a folder; name the suite file (suite.yaml) in it' : `cannot read the suite file (${code})`;
      throw new ConfigError([{ location: { file: path }, message: reason }]);
    }
    // Strictly: reading as 'utf8' would turn a Latin-1 byte into U+FFFD silently.
    text = decodeUtf8(bytes, path, { column: true });
  }
  const source = new YamlSource(path, text);
  if (source.syntaxProblems.length > 0) throw new ConfigError(source.syntaxProblems);
  if (source.value === null || source.value === undefined) {
    throw new ConfigError([{ location: { file: path, line: 1, column: 1 }, message: 'the suite file is empty; it needs at least name, prompt, models and dataset (or items)' }]);
  }
  const validator = new Validator(source);
  const root = validator.object(source.value ?? undefined, [], 'a mapping of suite keys (name, prompt, models, ...)');
  if (!root) throw new ConfigError(validator.problems);
  validator.knownKeys(root, [], topLevelKeys);

  const name = validator.string(root, 'name', [], true);
  const version = validator.number(root, 'version', [], { integer: true, min: 0 }) ?? 1;
  const description = validator.string(root, 'description', []);
  const promptSource = validator.string(root, 'prompt', [], true);
  const prompt = compileTemplate(promptSource ?? '');
  const marginPp = validator.number(root, 'margin_pp', [], { min: 0, max: 100 }) ?? 1;
  const maxGapPct = validator.number(root, 'max_gap_pct', [], { min: 0, max: 100 }) ?? 2;
  const seed = validator.number(root, 'seed', [], { integer: true, min: 0 }) ?? 0;
  const mockCorrelation = parseMockBlock(root, validator);
  const gate = parseGateBlock(root, validator);

  const suiteFolder = dirname(absolutePath);
  await preloadCustomChecks(collectCheckSpecs(root), suiteFolder);
  const defaultChecks = compileCheckList(root.checks, ['checks'], validator, suiteFolder);
  const models = parseModels(root, validator);
  // Names of entries that failed to parse still count as known: one problem each, not a cascade.
  const modelNames = isPlainObject(root.models) ? Object.keys(root.models) : [];
  const frontierHint = typeof root.frontier === 'string' ? root.frontier : undefined;
  // Without a mapping of models every model a configuration names would be "unknown": one problem, not a cascade.
  const configurations = isPlainObject(root.models)
    ? parseConfigurations(root, validator, { modelNames, frontier: frontierHint ?? guessFrontier(root, models), seed, baseDir: suiteFolder })
    : [];
  const configurationNames = isPlainObject(root.configurations)
    ? Object.keys(root.configurations)
    : configurations.map((configuration) => configuration.name);
  const baseline =
    root.baseline === undefined
      ? (configurationNames.find((configurationName) => configurationName === 'all-frontier') ?? configurationNames[0])
      : validator.oneOf(root.baseline, ['baseline'], configurationNames, 'configuration');
  checkPostHocSources(configurations, validator);
  const frontier = pickFrontier(root, validator, modelNames, configurations, baseline, models);

  const dataset = openItems(root, absolutePath, path, source, validator, options.streamAboveBytes ?? streamAboveBytes);
  const needsReference = defaultChecks.some((check) => check.needsReference ?? true);
  const replays = loadReplays(models, absolutePath, path, validator.problems, source);
  const declaredReferenceFields = readDeclaredReferenceFields(root, validator, prompt.fields);
  const declaredSeen = new DeclaredFieldsSeen(declaredReferenceFields);
  const pass = await passOverItems(dataset, prompt.fields, needsReference, models, replays, suiteFolder, declaredSeen);
  declaredSeen.report(declaredReferenceFields, root, validator);
  // Known only once every item's own checks are compiled: their judges' prompts may name fields too.
  const referenceFields = referenceFieldsOf(prompt.fields, judgeFieldsOf([defaultChecks, ...pass.checksByText.values()]), declaredReferenceFields);
  if (isPlainObject(root.configurations)) {
    for (const [configurationName, spec] of Object.entries(root.configurations)) {
      reportReferenceFieldUse(spec, ['configurations', configurationName], referenceFields, validator, suiteFolder);
    }
  }
  const problems: Problem[] = [...validator.problems, ...dataset.problems, ...pass.problems];
  // Every path to zero items should have said why; this is the net under them.
  if (pass.count === 0 && problems.length === 0) problems.push({ location: source.locate([]), message: 'the suite has no items' });
  if (defaultChecks.length === 0 && root.checks === undefined && pass.someWithoutChecks) {
    problems.push({ location: source.locate([]), message: 'no `checks:` and some items carry none: nothing would grade them' });
  }
  checkJudgeModels([defaultChecks, ...pass.checksByText.values()], modelNames, problems, source);
  checkReplayCoverage(models, replays, pass.missingRecords, problems, source);
  const pricedModels = await resolvePrices(models, problems, source, replays);
  for (const model of options.requireApiKeys === false ? [] : models) {
    const variable = model.http?.apiKeyEnv;
    if (variable !== undefined && !process.env[variable]) {
      problems.push({
        location: source.locate(model.path),
        path: `models.${model.name}`,
        message: `the environment variable ${variable} is not set; export it with the API key (or set api_key_env: none for a server that takes no key)`,
      });
    }
  }

  if (problems.length > 0 || !name || !promptSource || baseline === undefined || frontier === undefined) {
    if (problems.length === 0) problems.push({ location: source.locate([]), message: 'the suite is incomplete' });
    throw new ConfigError(sortByLocation(problems));
  }
  const contentHash = createHash('sha256').update(text).update('\0').update(pass.datasetDigest).digest('hex');
  const checksFor = (item: Item) => (item.checks ? (pass.checksByText.get(JSON.stringify(item.checks)) ?? defaultChecks) : defaultChecks);
  return {
    name,
    version,
    description,
    path: absolutePath,
    contentHash,
    prompt: promptSource,
    promptFields: prompt.fields,
    referenceFields,
    checks: (root.checks as CheckSpec[] | undefined) ?? [],
    models: Object.fromEntries(pricedModels.map((model) => [model.name, model])),
    configurations,
    baseline,
    frontier,
    marginPp,
    seed,
    items: pass.items,
    itemCount: pass.count,
    iterateItems: pass.items.length === pass.count ? () => pass.items : () => streamItems(dataset, prompt.fields, needsReference),
    datasetPath: dataset.file,
    defaultChecks,
    checksFor,
    mockCorrelation,
    gate,
    maxGapPct,
  };
}

function checkJudgeModels(checkLists: Check[][], modelNames: string[], problems: Problem[], source: YamlSource): void {
  const unknown = new Set<string>();
  for (const checks of new Set(checkLists)) {
    for (const judge of findJudgeChecks(checks)) if (!modelNames.includes(judge.judge!.model)) unknown.add(judge.judge!.model);
  }
  for (const model of unknown) {
    problems.push({ location: source.locate(['checks']), message: `an llm-judge check names the judge model "${model}"${didYouMean(model, modelNames)}, which is not under models:` });
  }
}

/** The oracle and the learned router choose among stored answers: each model they choose must have a fixed configuration. */
function checkPostHocSources(configurations: ConfigurationSpec[], validator: Validator): void {
  const fixedModels = new Set(configurations.flatMap((configuration) => (configuration.kind === 'fixed' ? [configuration.model] : [])));
  for (const configuration of configurations) {
    const needed = configuration.kind === 'oracle' ? configuration.models : configuration.kind === 'threshold' ? [configuration.weak, configuration.strong] : [];
    const missing = needed.filter((model) => !fixedModels.has(model));
    if (missing.length > 0) {
      validator.report(['configurations', configuration.name], `the ${configuration.kind} router chooses among stored answers: add ${missing.map((model) => `all-${model}: { model: ${model} }`).join(' and ')} to configurations`);
    }
  }
}

const gateKeys = ['configurations', 'max_quality_loss_pp', 'min_cost_reduction', 'require_non_inferior', 'max_regression_pp', 'max_cost_increase_pct',
  'max_unanswered_pct'];

function parseGateBlock(root: PlainObject, validator: Validator): GateCriteria | undefined {
  if (root.gate === undefined) return undefined;
  const gate = validator.object(root.gate, ['gate'], 'a mapping of criteria, e.g. { max_quality_loss_pp: 1, min_cost_reduction: 2 }');
  if (!gate) return undefined;
  validator.knownKeys(gate, ['gate'], gateKeys);
  const requireNonInferior = gate.require_non_inferior;
  if (requireNonInferior !== undefined && typeof requireNonInferior !== 'boolean') validator.report(['gate', 'require_non_inferior'], 'must be true or false');
  const criteria: GateCriteria = {
    configurations: validator.stringList(gate, 'configurations', ['gate']),
    maxQualityLossPp: validator.number(gate, 'max_quality_loss_pp', ['gate'], { min: 0 }),
    minCostReduction: validator.number(gate, 'min_cost_reduction', ['gate'], { above: 0 }),
    requireNonInferior: requireNonInferior === true ? true : undefined,
    maxRegressionPp: validator.number(gate, 'max_regression_pp', ['gate'], { min: 0 }),
    maxCostIncreasePct: validator.number(gate, 'max_cost_increase_pct', ['gate'], { min: 0 }),
    maxUnansweredPct: validator.number(gate, 'max_unanswered_pct', ['gate'], { min: 0, max: 100 }),
  };
  return Object.fromEntries(Object.entries(criteria).filter(([, value]) => value !== undefined)) as GateCriteria;
}


function collectCheckSpecs(root: PlainObject): unknown[] {
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

function compileCheckList(value: unknown, path: DocumentPath, validator: Validator, baseDir: string): Check[] {
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

function parseModels(root: PlainObject, validator: Validator): ParsedModel[] {
  const models = root.models === undefined ? undefined : validator.object(root.models, ['models']);
  if (root.models === undefined) validator.report([], 'missing required key "models" (the models to compare)');
  if (!models) return [];
  if (Object.keys(models).length === 0) validator.report(['models'], 'needs at least one model');
  return Object.entries(models).flatMap(([modelName, spec]) => {
    const model = parseModel(modelName, spec, ['models', modelName], validator);
    return model ? [model] : [];
  });
}

/** Before configurations are parsed: the baseline's model when it is a fixed one, else the dearest. */
function guessFrontier(root: PlainObject, models: ParsedModel[]): string | undefined {
  const configurations = isPlainObject(root.configurations) ? root.configurations : {};
  const baselineName = typeof root.baseline === 'string' ? root.baseline : 'all-frontier' in configurations ? 'all-frontier' : Object.keys(configurations)[0];
  const baseline = baselineName === undefined ? undefined : configurations[baselineName];
  if (isPlainObject(baseline) && typeof baseline.model === 'string' && baseline.router === undefined) return baseline.model;
  const priced = models.filter((model) => model.price).sort((a, b) => b.price!.outputPerMtokUsd - a.price!.outputPerMtokUsd);
  return priced[0]?.name;
}

function parseConfigurations(root: PlainObject, validator: Validator, context: ConfigurationContext): ConfigurationSpec[] {
  const { modelNames } = context;
  if (root.configurations === undefined) {
    return modelNames.map((modelName) => ({ name: `all-${modelName}`, kind: 'fixed', model: modelName }));
  }
  const configurations = validator.object(root.configurations, ['configurations']);
  if (!configurations) return [];
  if (Object.keys(configurations).length === 0) validator.report(['configurations'], 'needs at least one configuration');
  return Object.entries(configurations).flatMap(([configurationName, spec]) => {
    const path = ['configurations', configurationName];
    const configuration = parseConfiguration(configurationName, spec, path, validator, context);
    return configuration ? [configuration] : [];
  });
}

function pickFrontier(
  root: PlainObject,
  validator: Validator,
  modelNames: string[],
  configurations: ConfigurationSpec[],
  baseline: string | undefined,
  models: ParsedModel[],
): string | undefined {
  if (root.frontier !== undefined) return validator.oneOf(root.frontier, ['frontier'], modelNames, 'model');
  const baselineConfiguration = configurations.find((configuration) => configuration.name === baseline);
  if (baselineConfiguration?.kind === 'fixed') return baselineConfiguration.model;
  // Without a fixed baseline, the dearest model by output price is the frontier one.
  const priced = models.filter((model) => model.price);
  const dearest = priced.sort((a, b) => b.price!.outputPerMtokUsd - a.price!.outputPerMtokUsd)[0];
  return dearest?.name ?? modelNames[0];
}

/** Past this size a JSONL dataset is streamed, twice (validate, then run), instead of held in memory. */
const streamAboveBytes = 16 * 1024 * 1024;

interface ItemsSource {
  /** A fresh pass over the rows on each call. */
  rows(): Iterable<DatasetRow>;
  streamed: boolean;
  problems: Problem[];
  /** The dataset's bytes, for the content hash (read as the rows go, when streamed). */
  bytes: Buffer | undefined;
  file?: string;
  /** The dataset's path as problems name it. */
  shown?: string;
}

function openItems(root: PlainObject, absolutePath: string, displayPath: string, source: YamlSource, validator: Validator, streamAbove: number): ItemsSource {
  const empty: ItemsSource = { rows: () => [], streamed: false, problems: [], bytes: Buffer.alloc(0) };
  if (root.dataset !== undefined && root.items !== undefined) {
    validator.report(['items'], 'give either `dataset:` (a file) or `items:` (inline), not both');
    return empty;
  }
  if (root.items !== undefined) {
    if (!Array.isArray(root.items)) {
      validator.report(['items'], 'must be a list of items');
      return empty;
    }
    if (root.items.length === 0) validator.report(['items'], 'is empty: the suite needs at least one item');
    const rows: DatasetRow[] = [];
    root.items.forEach((value, index) => {
      if (isPlainObject(value)) rows.push({ fields: value, locate: (path) => source.locate(['items', index, ...path]) });
      else validator.report(['items', index], 'each item must be a mapping');
    });
    return { ...empty, rows: () => rows };
  }
  const datasetPath = validator.string(root, 'dataset', []);
  // `dataset:` with nothing after it is as missing as no key at all.
  if (root.dataset === null) validator.report(['dataset'], 'is empty: name a .jsonl, .csv, .json or .yaml file, or give inline `items:`');
  if (root.dataset === undefined) validator.report([], 'missing `dataset:` (a .jsonl, .csv, .json or .yaml file) or inline `items:`');
  if (datasetPath === undefined) return empty;
  const file = resolve(dirname(absolutePath), datasetPath);
  const shown = relativeForDisplay(resolve(dirname(displayPath), datasetPath));
  if (/\.(jsonl|ndjson)$/i.test(file) && sizeOf(file) > streamAbove) {
    const problems: Problem[] = [];
    return { rows: () => streamJsonLines(file, shown, (problem) => problems.push(problem)), streamed: true, problems, bytes: undefined, file, shown };
  }
  try {
    const read = readDataset(file, shown);
    return { rows: () => read.rows, streamed: false, problems: read.problems, bytes: read.bytes, file };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ...empty, problems: error.problems };
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

interface ItemsPass {
  /** The items, unless the dataset is streamed. */
  items: Item[];
  count: number;
  problems: Problem[];
  someWithoutChecks: boolean;
  /** Compiled item-level checks by the JSON text of their specs: items often share them. */
  checksByText: Map<string, Check[]>;
  /** Per replayed model, the ids of items it has no record of (the first few) and how many. */
  missingRecords: Map<string, { ids: string[]; count: number }>;
  datasetDigest: Buffer;
}

/**
 * One pass over the dataset: every row checked, item-level checks compiled
 * once per distinct spec, replay records looked up. Items are kept only when
 * the dataset is small enough to hold.
 */
async function passOverItems(dataset: ItemsSource, promptFields: string[], needsReference: boolean, models: ParsedModel[],
  replays: Map<string, ReplaySettings>, baseDir: string, declaredSeen: DeclaredFieldsSeen): Promise<ItemsPass> {
  const parser = new ItemParser(promptFields, needsReference);
  const hash = dataset.bytes ? undefined : createHash('sha256');
  const rows = dataset.streamed && dataset.file
    ? streamJsonLines(dataset.file, dataset.shown ?? dataset.file, (problem) => dataset.problems.push(problem), hash)
    : dataset.rows();
  const items: Item[] = [];
  const distinctChecks = new Map<string, { specs: CheckSpec[]; row: DatasetRow; itemId: string }>();
  const lackingExpected: Array<{ key: string; row: DatasetRow; itemId: string }> = [];
  const missingRecords = new Map<string, { ids: string[]; count: number }>();
  const checkedReplays = models.filter((model) => replays.get(model.name)?.onMissing === 'error');
  let count = 0;
  let someWithoutChecks = false;
  for (const row of rows) {
    const item = parser.add(row);
    if (!item) continue;
    count++;
    declaredSeen.see(item.fields);
    if (!dataset.streamed) items.push(item);
    if (item.checks) {
      const key = JSON.stringify(item.checks);
      if (!distinctChecks.has(key)) distinctChecks.set(key, { specs: item.checks, row, itemId: item.id });
      if (item.expected === undefined || item.expected === null) lackingExpected.push({ key, row, itemId: item.id });
    } else someWithoutChecks = true;
    for (const model of checkedReplays) {
      if (replays.get(model.name)!.records.has(item.id)) continue;
      const missing = missingRecords.get(model.name) ?? { ids: [], count: 0 };
      if (missing.ids.length < 5) missing.ids.push(item.id);
      missing.count++;
      missingRecords.set(model.name, missing);
    }
  }
  const problems = parser.problems();
  await preloadCustomChecks([...distinctChecks.values()].flatMap((entry) => entry.specs), baseDir);
  const checksByText = new Map<string, Check[]>();
  for (const [key, { specs, row, itemId }] of distinctChecks) {
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
    checksByText.set(key, checks);
  }
  for (const { key, row, itemId } of lackingExpected) {
    if (checksByText.get(key)!.some((check) => check.needsReference ?? true)) {
      problems.push({ location: row.locate([]), message: `item "${itemId}" has no \`expected\` reference; its checks need one` });
    }
  }
  // The dataset enters the content hash as its own sha256, read whole or streamed alike.
  const datasetDigest = dataset.bytes ? createHash('sha256').update(dataset.bytes).digest() : hash!.digest();
  return { items, count, problems, someWithoutChecks, checksByText, missingRecords, datasetDigest };
}

/** The second pass over a streamed dataset: rows already validated, turned into items again. */
function* streamItems(dataset: ItemsSource, promptFields: string[], needsReference: boolean): Generator<Item> {
  const parser = new ItemParser(promptFields, needsReference, false);
  for (const row of dataset.rows()) {
    const item = parser.add(row);
    if (item) yield item;
  }
}

function relativeForDisplay(path: string): string {
  const cwd = process.cwd();
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}

function whyUnreadable(file: string): string | undefined {
  try {
    return statSync(file).isDirectory() ? 'is a folder, not a file' : undefined;
  } catch {
    return 'does not exist (it is relative to the suite file)';
  }
}

function loadReplays(models: ParsedModel[], suitePath: string, displayPath: string, problems: Problem[], source: YamlSource): Map<string, ReplaySettings> {
  const replays = new Map<string, ReplaySettings>();
  for (const model of models) {
    if (!model.replay) continue;
    const fromRun = model.replay.fromRun;
    if (fromRun) {
      const databasePath = resolve(dirname(suitePath), fromRun.db);
      try {
        const { records, runId } = readReplayFromRun(databasePath, fromRun.run, fromRun.model ?? model.name);
        replays.set(model.name, { records, onMissing: model.replay.onMissing, source: `${relativeForDisplay(databasePath)} run ${runId}` });
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        problems.push({ location: source.locate([...model.path, 'from_run']), path: `models.${model.name}.from_run`, message: error.message });
      }
      continue;
    }
    const file = resolve(dirname(suitePath), model.replay.file!);
    const shown = relativeForDisplay(resolve(dirname(displayPath), model.replay.file!));
    const unreadable = whyUnreadable(file);
    if (unreadable) {
      problems.push({ location: source.locate([...model.path, 'file']), path: `models.${model.name}.file`, message: `the replay file ${shown} ${unreadable}` });
      continue;
    }
    try {
      const read = readReplayRecords(file, shown, model.replay.replayModel);
      problems.push(...read.problems.slice(0, 20));
      replays.set(model.name, { records: read.records, onMissing: model.replay.onMissing, source: shown });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems.map((problem) => ({ ...problem, path: `models.${model.name}.file` })));
    }
  }
  return replays;
}

/** With `on_missing: error` (the default), an item a replayed model has no answer for is a load-time error. */
function checkReplayCoverage(models: ParsedModel[], replays: Map<string, ReplaySettings>, missingRecords: Map<string, { ids: string[]; count: number }>,
  problems: Problem[], source: YamlSource): void {
  for (const model of models) {
    const replay = replays.get(model.name);
    const missing = missingRecords.get(model.name);
    if (!replay || !missing) continue;
    const shown = missing.ids.map((id) => `"${id}"`).join(', ');
    problems.push({
      location: source.locate(model.path),
      path: `models.${model.name}`,
      message: `${replay.source} has no output of "${model.replay!.replayModel}" for ${missing.count} items (${shown}${missing.count > missing.ids.length ? ', ...' : ''}); add them, or set on_missing: skip to count them as gaps`,
    });
  }
}

/** Problems in file order, so a reader can fix them top to bottom. */
function sortByLocation(problems: Problem[]): Problem[] {
  const files: string[] = [];
  for (const problem of problems) {
    const file = problem.location?.file;
    if (file !== undefined && !files.includes(file)) files.push(file);
  }
  const rank = (problem: Problem) => {
    const file = problem.location?.file;
    return [file === undefined ? files.length : files.indexOf(file), problem.location?.line ?? 0, problem.location?.column ?? 0];
  };
  return problems
    .map((problem, index) => ({ problem, index, key: rank(problem) }))
    .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]! || a.index - b.index)
    .map(({ problem }) => problem);
}
