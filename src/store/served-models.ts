import type { ServedModelCount } from '../types/index.js';
import type { SqliteDatabase } from './open-database.js';

/**
 * A run's answers by configuration, by the model the server says wrote them and by where their cost came
 * from, with what they cost: for the configurations with any answer whose server named its model (the
 * partial index finds them without reading the others' rows). Answers never given and replay gaps are
 * not answers.
 */
export function readServedModels(database: SqliteDatabase, runId: number): ServedModelCount[] {
  const configurations = database.prepare('SELECT DISTINCT configuration FROM results WHERE run_id = ? AND served_model IS NOT NULL')
    .pluck().all(runId) as string[];
  if (configurations.length === 0) return [];
  const grouped = database.prepare(`SELECT r.configuration, m.model AS askedModel, r.served_model AS servedModel, r.cost_basis AS costBasis,
      COUNT(*) AS answers, SUM(r.cost_usd) AS costUsd
    FROM results r LEFT JOIN models m ON m.run_id = r.run_id AND m.name = r.model
    WHERE r.run_id = ? AND r.configuration = ? AND r.unanswered IS NULL AND r.status != 'skipped'
    GROUP BY m.model, r.served_model, r.cost_basis ORDER BY answers DESC`);
  return configurations.flatMap((configuration) => grouped.all(runId, configuration) as ServedModelCount[]);
}
