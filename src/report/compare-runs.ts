import type { SqliteDatabase } from '../store/open-database.js';
import { resultRows } from '../store/run-contents.js';
import { readRunRecord } from '../store/read-run.js';

export interface ComparedConfiguration {
  name: string;
  passRateA: number | null;
  passRateB: number | null;
  /** (B - A) in points. */
  passRateChangePp: number | null;
  costUsdA: number;
  costUsdB: number;
  /** (B / A - 1) in percent; null when A cost nothing. */
  costChangePct: number | null;
  /** Items (sample 0) that passed in A and failed in B, and the reverse. */
  newlyFailing: FlippedItem[];
  newlyPassing: FlippedItem[];
}

export interface FlippedItem {
  itemId: string;
  outputA: string | null;
  outputB: string | null;
}

export interface RunComparison {
  runA: { id: number; suite: string; suiteHash: string };
  runB: { id: number; suite: string; suiteHash: string };
  sameSuite: boolean;
  configurations: ComparedConfiguration[];
  /** Configurations only one of the runs has. */
  onlyInA: string[];
  onlyInB: string[];
  /** What makes the two runs' totals not comparable as they stand. */
  warnings: string[];
}

interface Row {
  configuration: string;
  item_id: string;
  status: string;
  cost_usd: number;
  output: string | null;
}

/** Per configuration the changes in quality and cost between two runs, and the items that flipped. */
export function compareRuns(databaseA: SqliteDatabase, runIdA: number, databaseB: SqliteDatabase, runIdB: number): RunComparison {
  const runA = readRunRecord(databaseA, runIdA);
  const runB = readRunRecord(databaseB, runIdB);
  const rowsA = groupRows(databaseA, runIdA);
  const rowsB = groupRows(databaseB, runIdB);
  const names = [...rowsA.keys()].filter((name) => rowsB.has(name));
  return {
    runA: { id: runA.id, suite: runA.suiteName, suiteHash: runA.suiteHash },
    runB: { id: runB.id, suite: runB.suiteName, suiteHash: runB.suiteHash },
    sameSuite: runA.suiteHash === runB.suiteHash,
    configurations: names.map((name) => compareConfiguration(name, rowsA.get(name)!, rowsB.get(name)!)),
    onlyInA: [...rowsA.keys()].filter((name) => !rowsB.has(name)),
    onlyInB: [...rowsB.keys()].filter((name) => !rowsA.has(name)),
    warnings: [
      ...(runA.status !== 'complete' ? [`run ${runA.id} (A) is ${runA.status}`] : []),
      ...(runB.status !== 'complete' ? [`run ${runB.id} (B) is ${runB.status}`] : []),
      ...(runA.itemCount !== runB.itemCount ? [`the runs have ${runA.itemCount} and ${runB.itemCount} items: compare pass rates and costs per answer, not total costs`] : []),
    ],
  };
}

function groupRows(database: SqliteDatabase, runId: number): Map<string, Row[]> {
  const rows = resultRows(database, runId);
  const grouped = new Map<string, Row[]>();
  for (const row of rows) {
    let list = grouped.get(row.configuration);
    if (!list) grouped.set(row.configuration, (list = []));
    list.push(row);
  }
  return grouped;
}

function compareConfiguration(name: string, rowsA: Row[], rowsB: Row[]): ComparedConfiguration {
  const passRate = (rows: Row[]) => {
    const graded = rows.filter((row) => row.status === 'pass' || row.status === 'fail');
    return graded.length === 0 ? null : graded.filter((row) => row.status === 'pass').length / graded.length;
  };
  const cost = (rows: Row[]) => rows.reduce((total, row) => total + row.cost_usd, 0);
  const firstByItem = (rows: Row[]) => {
    const map = new Map<string, Row>();
    for (const row of rows) if (!map.has(row.item_id)) map.set(row.item_id, row);
    return map;
  };
  const byItemA = firstByItem(rowsA);
  const byItemB = firstByItem(rowsB);
  const newlyFailing: FlippedItem[] = [];
  const newlyPassing: FlippedItem[] = [];
  for (const [itemId, rowA] of byItemA) {
    const rowB = byItemB.get(itemId);
    if (!rowB) continue;
    if (rowA.status === 'pass' && rowB.status === 'fail') newlyFailing.push({ itemId, outputA: rowA.output, outputB: rowB.output });
    if (rowA.status === 'fail' && rowB.status === 'pass') newlyPassing.push({ itemId, outputA: rowA.output, outputB: rowB.output });
  }
  const rateA = passRate(rowsA);
  const rateB = passRate(rowsB);
  const costA = cost(rowsA);
  const costB = cost(rowsB);
  return {
    name,
    passRateA: rateA,
    passRateB: rateB,
    passRateChangePp: rateA === null || rateB === null ? null : 100 * (rateB - rateA),
    costUsdA: costA,
    costUsdB: costB,
    costChangePct: costA === 0 ? null : 100 * (costB / costA - 1),
    newlyFailing,
    newlyPassing,
  };
}
