import { percent, signed } from './build-report.js';
import { milliseconds, sharedPair, usd } from './render-table.js';
import type { Report, ReportConfiguration, TagBreakdown } from '../types/index.js';

/**
 * The report's tables as plain-text cells, shared by the Markdown and HTML
 * renderings so both say the same thing; each rendering escapes the cells for
 * its own format.
 */

export type Verdict = NonNullable<ReportConfiguration['nonInferiority']> | 'baseline';

export interface Column {
  title: string;
  align: 'left' | 'right';
}

const leadingColumns: Column[] = [
  { title: 'configuration', align: 'left' },
  { title: 'items', align: 'right' },
  { title: 'pass rate', align: 'right' },
];

const noAnswerColumn: Column = { title: 'no answer', align: 'right' };

const costColumns: Column[] = [
  { title: 'Δ quality [95% CI]', align: 'right' },
  { title: 'cost', align: 'right' },
];

const gradingColumn: Column = { title: 'grading', align: 'right' };

const trailingColumns: Column[] = [
  { title: 'cost/item', align: 'right' },
  { title: 'reduction [95% CI]', align: 'right' },
  { title: 'frontier share', align: 'right' },
  { title: 'p50', align: 'right' },
  { title: 'p95', align: 'right' },
  { title: 'verdict', align: 'left' },
];

/** Answers a configuration lacks: never given (every attempt failed, or refused) and replay gaps. */
function missingAnswers(configuration: ReportConfiguration): number {
  return configuration.unanswered + configuration.replayGaps;
}

/** As in the terminal table: only when some answer is missing, the first thing a reader of such a run must see. */
function showsMissingAnswers(report: Report): boolean {
  return report.configurations.some((configuration) => missingAnswers(configuration) > 0);
}

/** Only when a judge graded some answer: a run without llm-judge checks pays nothing to grade. */
function showsGradingCost(report: Report): boolean {
  return report.configurations.some((configuration) => configuration.gradingCostUsd > 0);
}

/**
 * The comparison table's columns: "no answer" after the pass rate when some answer is missing,
 * "grading" (what the judges' calls cost) after the cost when a judge graded some answer.
 */
export function comparisonColumns(report: Report): Column[] {
  return [
    ...leadingColumns, ...(showsMissingAnswers(report) ? [noAnswerColumn] : []),
    ...costColumns, ...(showsGradingCost(report) ? [gradingColumn] : []), ...trailingColumns,
  ];
}

/** A number with its confidence interval, kept apart so a rendering can set the interval smaller. */
export interface IntervalCell {
  value: string;
  interval: string | null;
}

export type Cell = string | IntervalCell;

export function cellText(cell: Cell): string {
  if (typeof cell === 'string') return cell;
  return cell.interval === null ? cell.value : `${cell.value} ${cell.interval}`;
}

export interface ComparisonRow {
  verdict: Verdict | null;
  /** One per column of `comparisonColumns(report)`; the first is the configuration's name, the last its verdict. */
  cells: Cell[];
}

export function comparisonRows(report: Report): ComparisonRow[] {
  const showsMissing = showsMissingAnswers(report);
  const showsGrading = showsGradingCost(report);
  return report.configurations.map((configuration) => {
    const isBaseline = configuration.name === report.baseline;
    const verdict: Verdict | null = isBaseline ? 'baseline' : configuration.nonInferiority;
    return {
      verdict,
      cells: [
        isBaseline ? `${configuration.name} (baseline)` : configuration.name,
        String(configuration.items),
        rate(configuration.passRate),
        ...(showsMissing ? [String(missingAnswers(configuration))] : []),
        isBaseline ? '—' : qualityDelta(configuration),
        usd(configuration.costUsd),
        ...(showsGrading ? [usd(configuration.gradingCostUsd)] : []),
        configuration.costPerItemUsd === null ? '—' : usd(configuration.costPerItemUsd),
        isBaseline ? '1.00x' : costReduction(configuration),
        rate(configuration.frontierShare),
        milliseconds(configuration.latencyP50Ms),
        milliseconds(configuration.latencyP95Ms),
        verdict ?? '—',
      ],
    };
  });
}

export const routingColumns: Column[] = [
  { title: 'configuration', align: 'left' },
  { title: 'between', align: 'left' },
  { title: 'PGR', align: 'right' },
  { title: 'APGR', align: 'right' },
  { title: 'CPT(50%)', align: 'right' },
  { title: 'CPT(80%)', align: 'right' },
  { title: 'AIQ', align: 'right' },
  { title: 'oracle gap closed', align: 'right' },
];

/**
 * The routing-literature metrics of the routed configurations, in the
 * terminal table's units: PGR, APGR, AIQ and the oracle gap as fractions, CPT
 * as a share of frontier calls, each with the pair of fixed configurations it
 * is measured between (cheap → frontier). Empty when no routed configuration
 * has anchors (nothing to measure against).
 */
export function routingRows(report: Report): string[][] {
  const routed = report.configurations.filter((configuration) => configuration.kind !== 'fixed');
  if (!routed.some((configuration) => configuration.anchors)) return [];
  return routed
    .map((configuration) => [
      configuration.name,
      configuration.anchors ? `${configuration.anchors.cheap} → ${configuration.anchors.frontier}` : '—',
      fixed(configuration.pgr, 2),
      fixed(configuration.apgr, 3),
      rate(configuration.cpt50),
      rate(configuration.cpt80),
      fixed(configuration.aiq, 3),
      fixed(configuration.oracleGapClosed, 2),
    ]);
}

/** What routing is measured between, and the oracle: one sentence, or null when no routed configuration has anchors. */
export function routingSpan(report: Report): string | null {
  const { oracle } = report;
  const routed = report.configurations.filter((configuration) => configuration.kind !== 'fixed');
  if (!routed.some((configuration) => configuration.anchors)) return null;
  const anchors = sharedPair(routed);
  const span = anchors
    ? `Between ${anchors.cheap} (${rate(anchors.cheapQuality)}, ${usd(anchors.cheapCostUsd)}) and ${anchors.frontier} (${rate(anchors.frontierQuality)}, ${usd(anchors.frontierCostUsd)})`
    : 'Each configuration between its own pair of fixed configurations, the cheap and the frontier end of what it routes among (column "between")';
  if (!oracle) return `${span}.`;
  return `${span}; the oracle over every model (per item the best-scoring answer, the cheapest among ties) reaches ${rate(oracle.quality)} at ${usd(oracle.costUsd)} with ${rate(oracle.frontierShare)} frontier calls.`;
}

export const servedByColumns: Column[] = [
  { title: 'configuration', align: 'left' },
  { title: 'served by', align: 'left' },
  { title: 'answers', align: 'right' },
  { title: 'share', align: 'right' },
  { title: 'cost', align: 'right' },
];

/** A row per configuration and model that wrote its answers, for the configurations whose server chose (report.servedBy). */
export function servedByRows(report: Report): string[][] {
  return report.configurations.flatMap((configuration) => (configuration.servedBy?.models ?? [])
    .map((entry) => [configuration.name, entry.model, String(entry.answers), rate(entry.share), usd(entry.costUsd)]));
}

/** A tag's cell for one configuration: pass rate, and the change against the baseline where there is one. */
export function tagCell(report: Report, entry: TagBreakdown['configurations'][number]): string {
  const passRate = rate(entry.passRate);
  if (entry.name === report.baseline || entry.qualityDeltaPp === null) return passRate;
  return `${passRate} (${signed(entry.qualityDeltaPp)} pp)`;
}

/** What a configuration's answers to the items of a tag cost, every sample included (the judges' calls not). */
export function tagCostCell(entry: TagBreakdown['configurations'][number]): string {
  return usd(entry.costUsd);
}

/**
 * The note under the comparison table: what the latency columns are, and when a judge graded some
 * answer, what the judges cost, apart from the configurations' costs (the answers alone, which the
 * reduction compares).
 */
export function comparisonNote(report: Report): string {
  const latency = 'p50, p95: the median and 95th-percentile latency of an answer.';
  if (!showsGradingCost(report)) return latency;
  const total = report.configurations.reduce((sum, configuration) => sum + configuration.gradingCostUsd, 0);
  return `Grading: what the llm-judge calls that graded a configuration's answers cost (${usd(total)} in all), `
    + `not in its cost, cost/item or reduction, which are the answers alone. ${latency}`;
}

/** The verdict a headline carries, as its configuration's non-inferiority label. */
export function headlineVerdict(report: Report, configurationName: string): ReportConfiguration['nonInferiority'] {
  return report.configurations.find((configuration) => configuration.name === configurationName)?.nonInferiority ?? null;
}

/** The headline's text, with its verdict and the margin appended when the text does not already say them. */
export function headlineWithVerdict(report: Report, text: string, verdict: ReportConfiguration['nonInferiority']): string {
  if (verdict === null || text.includes(verdict)) return text;
  return `${text}: ${verdict} at the ${report.marginPp.toFixed(1)} pp margin`;
}

/** How the intervals were made, for a footnote. */
export function statisticsNote(report: Report): string {
  const { statistics } = report;
  const level = `${Math.round(100 * statistics.confidenceLevel)}%`;
  const stratified = statistics.stratifiedBy === 'tag' ? ', stratified by the items\u2019 first tag' : '';
  const quality = statistics.qualityInterval === 'newcombe-hybrid-score'
    ? 'Δ quality by Newcombe\'s paired score interval (method 10)'
    : `Δ quality by the paired bootstrap over items, ${statistics.resamples.toLocaleString('en-US')} resamples (seed ${statistics.seed})${stratified}`;
  const pairwise = report.pairwise ? ` With a pairwise check, the verdict is on the net loss against the reference answers: non-inferior when its interval lies below +${report.marginPp.toFixed(1)} pp.` : '';
  const settled = report.configurations.some((configuration) => configuration.settle)
    ? ' A run --until-settled was looked at after every wave: its routed configurations\u2019 intervals and verdicts are the anytime-valid confidence sequence\u2019s (Waudby-Smith & Ramdas 2023), not a fixed-sample interval.' : '';
  return (
    `Intervals: ${level}; ${quality}; cost reduction by the bootstrap. ` +
    `Non-inferior: the Δ quality interval lies above -${report.marginPp.toFixed(1)} pp; inferior: it lies below; otherwise inconclusive.${pairwise}${settled}`
  );
}

/** What the run paid, as render-table says it. */
export function spentNote(report: Report): string {
  const cached = report.configurations.reduce((total, configuration) => total + configuration.cachedAnswers, 0);
  const failed = report.run.failedCalls > 0 ? `, ${report.run.failedCalls} failed` : '';
  const reused = cached > 0 ? ` (${cached} answers reused from the cache or another configuration)` : '';
  return `Spent this run: ${usd(report.run.spentUsd)} in ${report.run.calls} calls${failed}${reused}.`;
}

export function runTitle(report: Report): string {
  const { run } = report;
  return `run ${run.id} · ${run.suite} v${run.suiteVersion} · ${run.items} items · ${run.status}${run.batched ? ' · batch API prices (50%)' : ''}`;
}

function qualityDelta(configuration: ReportConfiguration): Cell {
  if (configuration.qualityDeltaPp === null) return '—';
  const interval = configuration.qualityDeltaCi95Pp;
  return { value: `${signed(configuration.qualityDeltaPp)} pp`, interval: interval ? `[${signed(interval[0])}, ${signed(interval[1])}]` : null };
}

function costReduction(configuration: ReportConfiguration): Cell {
  if (configuration.costReduction === null) return '—';
  const interval = configuration.costReductionCi95;
  return { value: `${configuration.costReduction.toFixed(2)}x`, interval: interval ? `[${interval[0].toFixed(2)}, ${interval[1].toFixed(2)}]` : null };
}

function rate(value: number | null): string {
  return value === null ? '—' : percent(value);
}

function fixed(value: number | null, digits: number): string {
  return value === null ? '—' : value.toFixed(digits);
}
