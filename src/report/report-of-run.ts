import { buildReport, type ReportOptions } from './build-report.js';
import { itemDigestOfStoredRun } from './item-digest.js';
import type { Report } from '../types/index.js';
import type { SqliteDatabase } from '../store/open-database.js';
import { readRunData } from '../store/read-run.js';
import { collectCurves } from '../offline/curves.js';
import type { LearnedScores } from '../offline/learned-scores.js';

/** The full report of a stored run: its data, the swept curves of its threshold, random and predictive routers, the statistics. */
export function reportOfStoredRun(database: SqliteDatabase, runId: number,
  options: Omit<ReportOptions, 'curves' | 'warnings'> & { learned?: LearnedScores; withItems?: boolean } = {}): Report {
  const data = readRunData(database, runId);
  const { curves, warnings } = collectCurves(database, data, options.learned);
  const report = buildReport(data, { ...options, curves, warnings });
  // Only the JSON document carries the digest (a gate's baseline): the other renderings would hash every item for nothing.
  if (options.withItems) report.items = itemDigestOfStoredRun(database, data);
  return report;
}
