import { preloadCustomChecks } from '../checks/index.js';
import { ConfigError, type Problem } from '../errors.js';
import type { Check, CheckSpec, ConfigurationSpec, Item, LoadedSuite } from '../types/index.js';
import { sealKeys } from '../util/secrets.js';
import { isPlainObject } from '../yaml/validator.js';
import { pickBaseline, pickFrontier, provisionalFrontier } from './baseline-and-frontier.js';
import { suiteContentHash } from './content-hash.js';
import { defaultStreamAboveBytes, openItems } from './open-items.js';
import { checkPostHocSources, parseConfigurations } from './parse-configurations.js';
import { keyVariablesOf, parseModels, type ParsedModel } from './parse-models.js';
import { collectCheckSpecs, compileCheckList, readSuiteReference, unknownJudgeModelProblems, unknownReferenceModelProblems, withSuiteReference } from './parse-suite-checks.js';
import { openSuiteDocument, parseSuiteHeader, type SuiteDocument } from './parse-suite-document.js';
import { passOverItems, streamItems, type ItemRules } from './pass-over-items.js';
import { problemsInFileOrder } from './problems-in-file-order.js';
import { readReplays, replayCoverageProblems, type StoredAnswersReader } from './read-replays.js';
import { readSuiteText, suiteFileAt } from './read-suite-file.js';
import { DeclaredFieldsSeen, judgeFieldsOf, readDeclaredReferenceFields, referenceFieldsOf, reportReferenceFieldUse } from './reference-fields.js';
import { resolveModels } from './resolve-models.js';
import { routingCandidates } from './routing-candidates.js';

export type { StoredAnswersReader } from './read-replays.js';

/** What the loader reads through its caller, beyond the suite's own files. */
export interface SuiteReaders {
  /** A `from_run` model's answers in a stored run (the store's `readReplayFromRun`); without it, such a model is a problem. */
  storedAnswers?: StoredAnswersReader;
}

export interface LoadOptions {
  /** The suite's text, when it does not come from `path` (tests). */
  text?: string;
  /** Stream JSONL datasets larger than this many bytes (default 16 MB). */
  streamAboveBytes?: number;
  /** Refuse a model whose API-key variable is unset (default true); an estimate, which calls nothing, needs no key. */
  requireApiKeys?: boolean;
  readers?: SuiteReaders;
}

/**
 * Reads and validates a suite and its dataset. Throws ConfigError listing
 * every problem found, each with file, line and column; never calls a model.
 */
export async function loadSuite(path: string, options: LoadOptions = {}): Promise<LoadedSuite> {
  const suiteFile = suiteFileAt(path);
  const text = options.text ?? readSuiteText(path);
  const document = openSuiteDocument(path, text);
  const { root, source, validator } = document;
  const baseDir = suiteFile.folder;

  const header = parseSuiteHeader(document);
  // Before any custom check's code runs: it, and any external router, starts without the keys.
  const keys = keyVariablesOf(root.models);
  sealKeys(keys.names, keys.shared);
  await preloadCustomChecks(collectCheckSpecs(root), baseDir);
  const reference = readSuiteReference(root, validator, baseDir);
  const referenceModel = reference?.model;
  const defaultChecks = withSuiteReference(compileCheckList(root.checks, ['checks'], validator, baseDir), referenceModel);
  const models = parseModels(root, validator);

  const dataset = openItems(document, suiteFile, options.streamAboveBytes ?? defaultStreamAboveBytes);
  const rules: ItemRules = {
    promptFields: header.prompt.fields, needsReference: defaultChecks.some((check) => check.needsReference ?? true), hasPrompt: root.prompt !== undefined, referenceModel,
  };
  const replays = readReplays(models, { suiteFile, source, problems: validator.problems, storedAnswers: options.readers?.storedAnswers });
  const declaredReferenceFields = readDeclaredReferenceFields(root, validator, rules.promptFields);
  const declaredSeen = new DeclaredFieldsSeen(declaredReferenceFields);
  const pass = await passOverItems(dataset, { ...rules, replays, baseDir, declaredSeen });
  declaredSeen.report(declaredReferenceFields, root, validator);

  const checkLists = [defaultChecks, ...pass.checksByText.values()];
  // After the items: a model only their own llm-judge checks ask is no routing candidate either.
  const lineup = parseLineup(document, models, { seed: header.seed, baseDir, checkLists });
  // Known only once every item's own checks are compiled: their judges' prompts may name fields too.
  const referenceFields = referenceFieldsOf(rules.promptFields, judgeFieldsOf(checkLists), declaredReferenceFields);
  if (isPlainObject(root.configurations)) {
    for (const [configurationName, spec] of Object.entries(root.configurations)) {
      reportReferenceFieldUse(spec, ['configurations', configurationName], referenceFields, validator, baseDir);
    }
  }

  const problems: Problem[] = [...validator.problems, ...dataset.problems, ...pass.problems];
  const { count: unprompted, first: firstUnprompted } = pass.withoutConversation;
  if (unprompted > 0) {
    const items = unprompted === 1 ? `item "${firstUnprompted}" has` : `${unprompted} items (the first "${firstUnprompted}") have`;
    problems.push({ location: source.locate([]), message: `missing required key "prompt": ${items} no \`messages\` conversation to send instead` });
  }
  // Every path to zero items should have said why; this is the net under them.
  if (pass.count === 0 && problems.length === 0) problems.push({ location: source.locate([]), message: 'the suite has no items' });
  if (defaultChecks.length === 0 && root.checks === undefined && pass.someWithoutChecks) {
    problems.push({ location: source.locate([]), message: 'no `checks:` and some items carry none: nothing would grade them' });
  }
  problems.push(...unknownJudgeModelProblems(checkLists, lineup.modelNames, source));
  problems.push(...unknownReferenceModelProblems(checkLists, lineup.modelNames, source));
  problems.push(...replayCoverageProblems(lineup.models, replays, pass.missingRecords, source));
  const resolved = await resolveModels(lineup.models, { source, replays, requireApiKeys: options.requireApiKeys !== false });
  problems.push(...resolved.problems);

  const { name, promptSource } = header;
  const { baseline, frontier } = lineup;
  if (problems.length > 0 || !name || baseline === undefined || frontier === undefined) {
    if (problems.length === 0) problems.push({ location: source.locate([]), message: 'the suite is incomplete' });
    throw new ConfigError(problemsInFileOrder(problems));
  }
  const checksFor = (item: Item): Check[] => (item.checks ? (pass.checksByText.get(JSON.stringify(item.checks)) ?? defaultChecks) : defaultChecks);
  return {
    name,
    version: header.version,
    description: header.description,
    path: suiteFile.absolutePath,
    contentHash: suiteContentHash(text, pass.datasetDigest),
    prompt: promptSource ?? '',
    promptFields: rules.promptFields,
    referenceFields,
    checks: (root.checks as CheckSpec[] | undefined) ?? [],
    models: Object.fromEntries(resolved.models.map((model) => [model.name, model])),
    configurations: lineup.configurations,
    baseline,
    frontier,
    marginPp: header.marginPp,
    seed: header.seed,
    items: pass.items,
    itemCount: pass.count,
    iterateItems: pass.items.length === pass.count ? () => pass.items : () => streamItems(dataset, rules),
    datasetPath: dataset.file,
    defaultChecks,
    checksFor,
    labelCheck: reference?.labelCheck,
    mockCorrelation: header.mockCorrelation,
    gate: header.gate,
    maxGapPct: header.maxGapPct,
  };
}

/** What the suite compares: its models and configurations, the baseline they are measured against, and the frontier model. */
interface Lineup {
  models: ParsedModel[];
  /** Every name under `models:`, also of entries that failed to parse: one problem each, not a cascade. */
  modelNames: string[];
  configurations: ConfigurationSpec[];
  baseline: string | undefined;
  frontier: string | undefined;
}

function parseLineup({ root, validator }: SuiteDocument, models: ParsedModel[], settings: { seed: number; baseDir: string; checkLists: Check[][] }): Lineup {
  const modelNames = isPlainObject(root.models) ? Object.keys(root.models) : [];
  const candidates = routingCandidates(modelNames, settings.checkLists, root.configurations);
  // A judge is often the dearest model: the default frontier is the dearest of the candidates.
  const candidateModels = models.filter((model) => candidates.includes(model.name));
  // Without a mapping of models every model a configuration names would be "unknown": one problem, not a cascade.
  const configurations = isPlainObject(root.models)
    ? parseConfigurations(root, validator, { modelNames, candidates, frontier: provisionalFrontier(root, candidateModels), seed: settings.seed, baseDir: settings.baseDir })
    : [];
  const baseline = pickBaseline(root, validator, configurations);
  checkPostHocSources(configurations, validator);
  const frontier = pickFrontier(root, validator, { modelNames, models: candidateModels, configurations, baseline });
  return { models, modelNames, configurations, baseline, frontier };
}
