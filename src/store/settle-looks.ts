import type { SqliteDatabase } from './open-database.js';
import type { Preference, SettleLook } from '../types/index.js';

/** One look of a run `--until-settled` at one configuration: after `items` items, its confidence sequence. */
export type SettleLookRecord = SettleLook;

/** A look is written once per configuration and wave; a resumed run that looks again at the same point writes the same row. */
export function recordSettleLook(database: SqliteDatabase, runId: number, look: SettleLookRecord): void {
  database.prepare(`INSERT OR REPLACE INTO settle_looks (run_id, configuration, items, lower_pp, upper_pp, verdict) VALUES (?,?,?,?,?,?)`)
    .run(runId, look.configuration, look.items, look.lowerPp, look.upperPp, look.verdict);
}

/** Every look of a run, by configuration then items: the trace of its stopping, to audit or plot. */
export function readSettleLooks(database: SqliteDatabase, runId: number): SettleLookRecord[] {
  const rows = database.prepare(`SELECT configuration, items, lower_pp AS lowerPp, upper_pp AS upperPp, verdict FROM settle_looks
    WHERE run_id = ? ORDER BY configuration, items`).all(runId) as SettleLookRecord[];
  return rows;
}

/** Each stored first-sample grade of a run, for a resumed `--until-settled` run to rebuild its sequences from. */
export function readFirstSampleGrades(database: SqliteDatabase, runId: number): Array<{ configuration: string; itemId: string; status: string; preference: Preference | null }> {
  return database.prepare(`SELECT configuration, item_id AS itemId, status, preference FROM results WHERE run_id = ? AND sample = 0`)
    .all(runId) as Array<{ configuration: string; itemId: string; status: string; preference: Preference | null }>;
}
