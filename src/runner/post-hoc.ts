import type { LearnedScores } from '../offline/learned-scores.js';
import { simulateConfiguration } from '../offline/simulate.js';
import { isPostHoc } from '../routing/create-router.js';
import type { SqliteDatabase } from '../store/open-database.js';
import { readStoredAnswers } from '../store/read-stored-answers.js';
import type { RunStore } from '../store/run-store.js';
import type { ConfigurationSpec, LoadedSuite, ResultRecord } from '../types/index.js';

/**
 * The oracle and the learned router choose among every item's stored
 * answers: computed once all of them are in, from the fixed configurations'
 * results, exactly as a simulation would. Written again on a resume, as the
 * answers they choose among may have been asked again.
 */
export async function recordPostHoc(configurations: ConfigurationSpec[], context: { database: SqliteDatabase; store: RunStore; runId: number;
  suite: LoadedSuite; seed: number; learned: LearnedScores; onResult(record: ResultRecord): void }): Promise<void> {
  const postHoc = configurations.filter(isPostHoc);
  if (postHoc.length === 0) return;
  const { store, runId, suite } = context;
  store.flush();
  const stored = readStoredAnswers(context.database, runId);
  for (const configuration of postHoc) {
    const records = await simulateConfiguration(configuration, stored, { runId, prompt: suite.prompt, referenceFields: suite.referenceFields,
      seed: context.seed, learned: context.learned });
    for (const record of records) {
      store.recordResult(record);
      context.onResult(record);
    }
  }
}
