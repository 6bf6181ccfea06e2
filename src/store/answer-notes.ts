import type { AnswerNotes } from '../types/index.js';
import type { SqliteDatabase } from './open-database.js';

/**
 * What a report must say about a run's answers beyond their grades: usage the
 * provider did not report (estimated with the tokenizer), usage no request
 * could produce, and answers cut off or filtered, by configuration.
 */
export function readAnswerNotes(database: SqliteDatabase, runId: number): AnswerNotes {
  const models = database.prepare(`SELECT model_name AS model, COUNT(*) AS answers, SUM(usage_estimated) AS estimated,
      COUNT(usage_note) AS implausible, MIN(usage_note) AS example
    FROM calls WHERE run_id = ? AND status = 'ok' GROUP BY model_name ORDER BY model_name`).all(runId) as AnswerNotes['models'];
  const configurations = database.prepare(`SELECT configuration, SUM(finish_reason = 'length') AS cutOff, SUM(finish_reason = 'content-filter') AS filtered
    FROM results WHERE run_id = ? AND finish_reason IS NOT NULL GROUP BY configuration ORDER BY configuration`).all(runId) as AnswerNotes['configurations'];
  return { models: models.filter((row) => row.estimated > 0 || row.implausible > 0), configurations };
}
