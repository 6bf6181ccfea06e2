import { pairwiseLines } from './pairwise-lines.js';
import { landscapeLines } from './landscape-lines.js';
import { servedModelLines } from './served-model-lines.js';
import { milliseconds, usd } from './format-values.js';

export { milliseconds, usd } from './format-values.js';
import { createTable } from './table.js';
import { percent, signed } from './build-report.js';
import type { Report } from '../types/index.js';

type Row = Report['configurations'][number];

/** A column of the terminal table; the first to go when the terminal is narrow have the lowest `keep`. */
interface Column {
  head: string;
  align: 'left' | 'right';
  keep: number;
  cell(configuration: Row, isBaseline: boolean): string;
}

function columnsOf(report: Report): Column[] {
  // Only when some answer is missing: the column is the first thing a reader of such a run must see.
  const lacking = report.configurations.some((configuration) => configuration.unanswered + configuration.replayGaps > 0);
  const columns: Column[] = [
    { head: 'configuration', align: 'left', keep: 9, cell: (row, isBaseline) => (isBaseline ? `${row.name} (baseline)` : row.name) },
    { head: 'items', align: 'right', keep: 2, cell: (row) => String(row.items) },
    { head: 'pass rate', align: 'right', keep: 8, cell: (row) => percent(row.passRate) },
    { head: 'no answer', align: 'right', keep: 7, cell: (row) => String(row.unanswered + row.replayGaps) },
    { head: 'Δ quality', align: 'right', keep: 9, cell: (row, isBaseline) => (isBaseline || row.qualityDeltaPp === null ? '—' : deltaWithInterval(row)) },
    { head: 'cost', align: 'right', keep: 6, cell: (row) => usd(row.costUsd) },
    { head: 'cost/item', align: 'right', keep: 3, cell: (row) => (row.costPerItemUsd === null ? '—' : usd(row.costPerItemUsd)) },
    { head: 'reduction', align: 'right', keep: 9, cell: (row) => (row.costReduction === null ? '—' : `${row.costReduction.toFixed(2)}x`) },
    { head: 'frontier', align: 'right', keep: 4, cell: (row) => percent(row.frontierShare) },
    { head: 'p50', align: 'right', keep: 1, cell: (row) => milliseconds(row.latencyP50Ms) },
    { head: 'p95', align: 'right', keep: 0, cell: (row) => milliseconds(row.latencyP95Ms) },
  ];
  return lacking ? columns : columns.filter((column) => column.head !== 'no answer');
}

function tableOf(report: Report, columns: Column[]): string {
  const table = createTable(columns.map((column) => column.head), columns.map((column) => column.align));
  for (const configuration of report.configurations) {
    const isBaseline = configuration.name === report.baseline;
    table.push(columns.map((column) => column.cell(configuration, isBaseline)));
  }
  return table.toString();
}

/** Characters a terminal line takes; the table holds no wide characters but what names bring. */
function widthOf(table: string): number {
  return Math.max(...table.split('\n').map((line) => [...line].length));
}

/**
 * The table, with its least needed columns left out until it fits `width`
 * (a terminal's columns): a row that wraps is unreadable. The columns that
 * carry the verdict (configuration, pass rate, Δ quality, reduction) stay.
 */
function fittedTable(report: Report, width: number | undefined): { text: string; dropped: string[] } {
  let columns = columnsOf(report);
  let text = tableOf(report, columns);
  const dropped: string[] = [];
  while (width !== undefined && widthOf(text) > width) {
    const candidates = columns.filter((column) => column.keep < 9);
    if (candidates.length === 0) break;
    const least = candidates.reduce((lowest, column) => (column.keep < lowest.keep ? column : lowest));
    columns = columns.filter((column) => column !== least);
    dropped.push(least.head);
    text = tableOf(report, columns);
  }
  if (width !== undefined && widthOf(text) > width) return { text: stacked(report, columnsOf(report)), dropped: [] };
  return { text, dropped };
}

/** Too narrow for any table: each configuration as a block of lines, every value kept. */
function stacked(report: Report, columns: Column[]): string {
  const [name, ...rest] = columns;
  return report.configurations.map((configuration) => {
    const isBaseline = configuration.name === report.baseline;
    const values = rest.map((column) => `  ${column.head}: ${column.cell(configuration, isBaseline)}`);
    return [name!.cell(configuration, isBaseline), ...values].join('\n');
  }).join('\n');
}

export interface TableOptions {
  /** The terminal's width in columns; absent when the output is not a terminal (nothing is left out). */
  width?: number;
}

/** The comparison as a terminal table, then one headline line per routed configuration. */
export function renderTable(report: Report, options: TableOptions = {}): string {
  const table = fittedTable(report, options.width);
  const lines = [
    `run ${report.run.id} · ${report.run.suite} v${report.run.suiteVersion} · ${report.run.items} items · ${report.run.status}${report.run.batched ? ' · batch API prices (50%)' : ''}`,
    table.text,
  ];
  if (table.dropped.length > 0) {
    lines.push(`(left out to fit ${options.width} columns: ${table.dropped.join(', ')}; a wider terminal, or --format markdown, shows them)`);
  }
  for (const headline of report.headlines) lines.push(headline.text);
  lines.push(...pairwiseLines(report));
  lines.push(...servedModelLines(report));
  lines.push(...routingLines(report));
  lines.push(...landscapeLines(report));
  if (report.run.repeat > 1) {
    const shares = report.configurations.map((configuration) => `${configuration.name} ${percent(configuration.selfDisagreement)}`);
    lines.push(`${report.run.repeat} samples per item; items whose samples got different grades: ${shares.join(', ')}`);
  }
  const grading = report.configurations.reduce((total, configuration) => total + configuration.gradingCostUsd, 0);
  if (grading > 0) {
    lines.push(`grading (judge) cost, apart from the configurations' costs: ${report.configurations.map((configuration) => `${configuration.name} ${usd(configuration.gradingCostUsd)}`).join(', ')}`);
  }
  const spent = `spent this run: ${usd(report.run.spentUsd)} in ${report.run.calls} calls`;
  const cached = report.configurations.reduce((total, configuration) => total + configuration.cachedAnswers, 0);
  if (report.run.calls === 0) lines.push('spent this run: $0, no calls (every answer came from a recording, the cache or another configuration)');
  else lines.push(cached > 0 ? `${spent} (${cached} answers reused from the cache or another configuration)` : spent);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

function deltaWithInterval(configuration: Row): string {
  const delta = `${signed(configuration.qualityDeltaPp!)} pp`;
  const interval = configuration.qualityDeltaCi95Pp;
  return interval ? `${delta} [${signed(interval[0])}, ${signed(interval[1])}]` : delta;
}

/**
 * The routing-literature numbers, one line per routed configuration, for
 * readers who compare with papers. Each is measured between its own pair of
 * fixed configurations: named once when all share it, else on each line.
 */
function routingLines(report: Report): string[] {
  const lines: string[] = [];
  const { oracle } = report;
  const format = (value: number | null, digits = 2) => (value === null ? '—' : value.toFixed(digits));
  const routed = report.configurations.filter((configuration) => configuration.kind !== 'fixed');
  if (!routed.some((configuration) => configuration.anchors)) return lines;
  const shared = sharedPair(routed);
  const oracleText = (label: string) => (oracle ? `; ${label} ${percent(oracle.quality)} at ${usd(oracle.costUsd)}, ${percent(oracle.frontierShare)} frontier` : '');
  // The oracle is over every fixed configuration: say so when the routers choose among fewer models.
  const routedModels = new Set(routed.flatMap((configuration) => configuration.anchors?.models ?? []));
  const fixedCount = report.configurations.filter((configuration) => configuration.kind === 'fixed').length;
  const oracleLabel = routedModels.size >= fixedCount ? 'oracle' : 'oracle over every model';
  lines.push(
    shared
      ? `routing metrics between ${shared.cheap} (${percent(shared.cheapQuality)}) and ${shared.frontier} (${percent(shared.frontierQuality)})${oracleText(oracleLabel)}:`
      : `routing metrics, each between its own pair of fixed configurations (cheap → frontier)${oracleText(oracleLabel)}:`,
  );
  for (const configuration of routed) {
    const pair = shared ? '' : ` (${configuration.anchors ? `${configuration.anchors.cheap} → ${configuration.anchors.frontier}` : 'no anchors'})`;
    const parts = [`PGR ${format(configuration.pgr)}`];
    if (configuration.apgr !== null) parts.push(`APGR ${format(configuration.apgr, 3)}`);
    if (configuration.cpt50 !== null || configuration.cpt80 !== null) parts.push(`CPT(50%) ${percent(configuration.cpt50)}`, `CPT(80%) ${percent(configuration.cpt80)}`);
    parts.push(`AIQ ${format(configuration.aiq, 3)}`, `oracle gap closed ${format(configuration.oracleGapClosed)}`);
    if (configuration.escalationRate !== undefined) {
      parts.push(`escalated ${percent(configuration.escalationRate)}`, `false accepts ${configuration.falseAccepts}`, `needless escalations ${configuration.needlessEscalations}`);
    }
    if (configuration.mcnemarP !== null) parts.push(`McNemar p ${configuration.mcnemarP < 0.001 ? configuration.mcnemarP.toExponential(1) : configuration.mcnemarP.toFixed(3)}`);
    lines.push(`  ${configuration.name}${pair}: ${parts.join(', ')}`);
  }
  return lines;
}

/** The anchors every routed configuration has, when they all have the same pair. */
export function sharedPair(routed: Report['configurations']): Report['anchors'] {
  const first = routed[0]?.anchors;
  if (!first) return null;
  return routed.every((configuration) => configuration.anchors?.cheap === first.cheap && configuration.anchors.frontier === first.frontier) ? first : null;
}
