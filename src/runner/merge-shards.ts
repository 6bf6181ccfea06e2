import { isPostHoc } from '../routing/create-router.js';
import { simulateConfiguration } from '../offline/simulate.js';
import { storedRouting } from '../offline/stored-views.js';
import { mergeShardRuns, type MergedRun, type ShardSource } from '../store/merge-runs.js';
import { openDatabase } from '../store/open-database.js';
import { readRunRecord } from '../store/read-run.js';
import { readStoredAnswers } from '../store/read-stored-answers.js';
import { RunStore } from '../store/run-store.js';
import { deleteResults, storedConfigurations } from '../store/run-contents.js';
import type { ConfigurationSpec } from '../types/index.js';

/**
 * Joins shard databases into one run, then recomputes the configurations
 * that depend on every item at once (the oracle, and the learned router,
 * whose cross-fitting folds span the whole run), so the merged report
 * equals that of one unsharded run.
 */
export async function mergeShards(outPath: string, sources: ShardSource[]): Promise<MergedRun> {
  const merged = mergeShardRuns(outPath, sources);
  const database = openDatabase(outPath);
  try {
    const run = readRunRecord(database, merged.runId);
    const configurations = storedConfigurations(database, merged.runId).filter(isPostHoc);
    if (configurations.length === 0) return merged;
    const stored = readStoredAnswers(database, merged.runId);
    const routing = storedRouting(run, stored);
    const store = new RunStore(database);
    for (const configuration of configurations) {
      deleteResults(database, merged.runId, configuration.name);
      const records = await simulateConfiguration(configuration, stored, { runId: merged.runId, prompt: routing.prompt, referenceFields: routing.referenceFields, seed: run.seed });
      for (const record of records) store.recordResult(record);
      store.flush();
    }
    return merged;
  } finally {
    database.close();
  }
}
