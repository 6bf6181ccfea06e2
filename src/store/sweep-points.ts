import type { SqliteDatabase } from './open-database.js';

export interface SweepPointRow {
  split: 'all' | 'calibration' | 'held-out';
  parameter: number;
  frontierShare: number;
  costUsd: number;
  quality: number;
  qualityDeltaPp: number;
  costReduction: number | null;
}

/** A sweep's curve, and with a target its chosen setting on each half, in one transaction. */
export function writeSweepPoints(database: SqliteDatabase, runId: number, router: string, points: SweepPointRow[]): void {
  const insert = database.prepare(`INSERT INTO sweep_points (run_id, router, parameter, split, frontier_share, cost_usd, quality,
    quality_delta_pp, cost_reduction) VALUES (?,?,?,?,?,?,?,?,?)`);
  database.transaction(() => {
    for (const point of points) {
      insert.run(runId, router, point.parameter, point.split, point.frontierShare, point.costUsd, point.quality, point.qualityDeltaPp, point.costReduction);
    }
  })();
}
