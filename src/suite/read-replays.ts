import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, UsageError, type Problem } from '../errors.js';
import type { ReplayRecord, ReplaySettings } from '../types/index.js';
import type { YamlSource } from '../yaml/yaml-source.js';
import type { ParsedModel } from './parse-models.js';
import type { MissingRecords } from './pass-over-items.js';
import { readReplayRecords } from './read-replay-records.js';
import { relativeForDisplay, suiteRelative, type SuiteFile } from './read-suite-file.js';

/**
 * The answers a model gave in a stored run (`from_run: { db, run, model }`),
 * as replay records, and the id of the run read. A run or model it cannot
 * find is a UsageError, whose message becomes a problem at `from_run`.
 */
export type StoredAnswersReader = (databasePath: string, run: string | undefined, modelName: string) => { records: Map<string, ReplayRecord>; runId: number };

export interface ReplaysContext {
  suiteFile: SuiteFile;
  source: YamlSource;
  /** Where a replay that cannot be read says so. */
  problems: Problem[];
  /** Without it, a `from_run` model is a problem: the loader itself reads no database. */
  storedAnswers?: StoredAnswersReader;
}

/** Each replayed model's records, from its file or a stored run; a model whose records cannot be read has none (and a problem). */
export function readReplays(models: readonly ParsedModel[], context: ReplaysContext): Map<string, ReplaySettings> {
  const replays = new Map<string, ReplaySettings>();
  for (const model of models) {
    const replay = model.replay?.fromRun ? readFromRun(model, context) : model.replay ? readFromFile(model, context) : undefined;
    if (replay) replays.set(model.name, replay);
  }
  return replays;
}

function readFromRun(model: ParsedModel, { suiteFile, source, problems, storedAnswers }: ReplaysContext): ReplaySettings | undefined {
  const replay = model.replay!;
  const fromRun = replay.fromRun!;
  const path = [...model.path, 'from_run'];
  if (!storedAnswers) {
    problems.push({ location: source.locateKey(path), path: `models.${model.name}.from_run`, message: 'the loader was given no stored-run reader, so answers of a stored run cannot be read here (pass readers.storedAnswers to loadSuite)' });
    return undefined;
  }
  const databasePath = resolve(suiteFile.folder, fromRun.db);
  try {
    const { records, runId } = storedAnswers(databasePath, fromRun.run, fromRun.model ?? model.name);
    return { records, onMissing: replay.onMissing, source: `${relativeForDisplay(databasePath)} run ${runId}` };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    problems.push({ location: source.locate(path), path: `models.${model.name}.from_run`, message: error.message });
    return undefined;
  }
}

function readFromFile(model: ParsedModel, { suiteFile, source, problems }: ReplaysContext): ReplaySettings | undefined {
  const replay = model.replay!;
  const { file, shown } = suiteRelative(suiteFile, replay.file!);
  const unreadable = whyUnreadable(file);
  if (unreadable) {
    problems.push({ location: source.locate([...model.path, 'file']), path: `models.${model.name}.file`, message: `the replay file ${shown} ${unreadable}` });
    return undefined;
  }
  try {
    const read = readReplayRecords(file, shown, replay.replayModel);
    problems.push(...read.problems.slice(0, 20));
    return { records: read.records, onMissing: replay.onMissing, source: shown };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems.map((problem) => ({ ...problem, path: `models.${model.name}.file` })));
    return undefined;
  }
}

function whyUnreadable(file: string): string | undefined {
  try {
    return statSync(file).isDirectory() ? 'is a folder, not a file' : undefined;
  } catch {
    return 'does not exist (it is relative to the suite file)';
  }
}

/** With `on_missing: error` (the default), an item a replayed model has no answer for is a load-time error: one problem per model. */
export function replayCoverageProblems(models: readonly ParsedModel[], replays: Map<string, ReplaySettings>, missingRecords: MissingRecords, source: YamlSource): Problem[] {
  const problems: Problem[] = [];
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
  return problems;
}
