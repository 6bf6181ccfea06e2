import { dirname } from 'node:path';
import { compileChecks, findJudgeChecks } from '../checks/index.js';
import { UsageError } from '../errors.js';
import { simulateConfiguration } from './simulate.js';
import { LearnedScores } from './learned-scores.js';
import { routingCandidatesOf, storedRouting } from './stored-views.js';
import { openDatabase } from '../store/open-database.js';
import { readRunRecord, resolveRunId } from '../store/read-run.js';
import { sealKeys } from '../util/secrets.js';
import { readStoredAnswers } from '../store/read-stored-answers.js';
import { RunStore } from '../store/run-store.js';
import { createSimulatedRun } from '../store/simulated-run.js';
import type { ConfigurationSpec, RouterReader } from '../types/index.js';
import { deleteRun, keyVariablesOfRun, modelNames, storedConfigurations } from '../store/run-contents.js';
import { serialisable } from '../util/serialisable.js';

export interface SimulateOptions {
  databasePath: string;
  run?: string;
  /** The `--router` argument as given, stored with the simulated run. */
  router: string;
  /** Reads it into a configuration against the stored run (the CLI passes the suite loader's parser). */
  readRouter: RouterReader;
}

/**
 * Evaluates a router on a stored run's answers, with no call, and stores
 * the outcome as a new run marked simulated. Returns its id.
 */
export async function simulateRun(options: SimulateOptions): Promise<{ runId: number; sourceRunId: number; configuration: ConfigurationSpec; learned: LearnedScores }> {
  const database = openDatabase(options.databasePath);
  try {
    const sourceRunId = resolveRunId(database, options.run);
    const source = readRunRecord(database, sourceRunId);
    // As in the run: routers and custom checks start without the models' keys.
    const keys = keyVariablesOfRun(database, sourceRunId);
    sealKeys(keys.names, keys.shared);
    const stored = readStoredAnswers(database, sourceRunId);
    // Relative paths (a custom accept check's module) are the suite's, as when the suite itself is validated.
    const baseDir = source.suitePath ? dirname(source.suitePath) : process.cwd();
    // The views the live routers had: a simulated router sees no more than they did. In the suite's order of models:
    // the oracle breaks ties and an external router lists the models in this order, as in the live run.
    const routing = storedRouting(source, stored);
    const names = modelNames(database, sourceRunId);
    const configuration = await options.readRouter({ modelNames: names, candidates: routingCandidatesOf(names, stored), frontier: source.frontier, seed: source.seed, baseDir,
      referenceFields: routing.referenceFields, referenceFieldsNote: routing.note });
    const existing = storedConfigurations(database, sourceRunId).map((stored) => stored.name);
    if (existing.includes(configuration.name) ) {
      throw new UsageError(`run ${sourceRunId} already has a configuration "${configuration.name}"; pass --name to call the simulated one differently`);
    }
    const acceptChecks = configuration.kind === 'cascade' ? new Map([[configuration.name, compileChecks(configuration.accept, { baseDir })]]) : undefined;
    if (acceptChecks && findJudgeChecks(acceptChecks.get(configuration.name)!).length > 0) {
      throw new UsageError(`the cascade "${configuration.name}" asks a verifier model (llm-judge in accept), whose answers a simulation does not have; run it live`);
    }
    const runId = createSimulatedRun(database, sourceRunId, [{ name: configuration.name, kind: configuration.kind, spec: serialisable(configuration) }],
      { simulatedFrom: sourceRunId, router: options.router });
    const learned = new LearnedScores();
    let records;
    try {
      records = await simulateConfiguration(configuration, stored, { runId, prompt: routing.prompt, referenceFields: routing.referenceFields, acceptChecks,
        seed: source.seed, learned });
      // The simulated run holds copies of the source's answers: its report's curve is made from the same scores.
      learned.alias(sourceRunId, runId);
    } catch (error) {
      // A simulation that could not be made leaves nothing behind.
      deleteRun(database, runId);
      throw error;
    }
    const store = new RunStore(database);
    for (const record of records) store.recordResult(record);
    // Simulated on an incomplete run, it is as incomplete as its source: the report warns and the gate refuses it.
    store.setStatus(runId, source.status === 'complete' ? 'complete' : source.status);
    return { runId, sourceRunId, configuration, learned };
  } finally {
    database.close();
  }
}
