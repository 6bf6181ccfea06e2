import type { TopLevelSpec } from 'vega-lite';
import type { Report } from '../types/index.js';

type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;
type Layer = LayeredSpec['layer'][number];

export interface ChartPoint {
  name: string;
  label: string;
  costUsd: number;
  quality: number;
  verdict: string;
}

/** A configuration's 95% intervals drawn about its point: Δ quality on y, the cost reduction on x. */
export interface ChartErrorBar {
  name: string;
  /** The point's verdict, under a field of its own: on `verdict`, Vega-Lite would merge the bars' colours into the points' legend and, hidden, drop it. */
  barVerdict: string;
  costUsd: number;
  quality: number;
  /** Only where the interval is known; the baseline has none (it is what the others are measured against). */
  qualityLow?: number;
  qualityHigh?: number;
  costLowUsd?: number;
  costHighUsd?: number;
}

export interface ChartLinePoint {
  series: string;
  costUsd: number;
  quality: number;
}

/** Verdict colours, the same as the HTML page's. */
export const verdictColors: Record<string, string> = {
  baseline: '#57606a',
  'non-inferior': '#1a7f37',
  inconclusive: '#b35900',
  inferior: '#cf222e',
  'no verdict': '#8c959f',
};

export const chartFont = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';

const paretoSeries = 'Pareto frontier';
const randomSeries = 'random mix';
const hullSeries = 'random mix of models (hull)';
const curveColors = ['#8250df', '#1b7c83', '#bf3989', '#9a6700', '#0550ae', '#6e7781'];

/**
 * The cost-versus-quality chart as a Vega-Lite spec: each configuration a
 * labelled point coloured by its verdict, each swept curve a line, the random
 * mix between the all-cheap and all-frontier anchors dashed (any router worth
 * running lies above it), the oracle a diamond and the Pareto frontier a step
 * line under the configurations no other beats on both cost and quality.
 * Bars through a point span its 95% intervals against the baseline: Δ quality
 * up and down, the cost reduction across (see `errorBars`).
 * x is cost in USD, y quality (pass rate). Pure: the caller compiles and draws
 * it. Null when no configuration has a pass rate: there is nothing to place.
 */
export function costQualityChartSpec(report: Report): TopLevelSpec | null {
  const points: ChartPoint[] = report.configurations.flatMap((configuration) => {
    if (configuration.passRate === null) return [];
    const isBaseline = configuration.name === report.baseline;
    return [
      {
        name: configuration.name,
        label: isBaseline ? `${configuration.name} (baseline)` : configuration.name,
        costUsd: configuration.costUsd,
        quality: configuration.passRate,
        verdict: isBaseline ? 'baseline' : (configuration.nonInferiority ?? 'no verdict'),
      },
    ];
  });
  if (points.length === 0) return null;
  const bars = errorBars(report, points);

  const lines: ChartLinePoint[] = [];
  const seriesColors = new Map<string, string>();
  const dashedSeries = new Set<string>();

  const pareto = report.paretoFrontier
    .flatMap((name) => points.filter((point) => point.name === name))
    .sort((left, right) => left.costUsd - right.costUsd || left.quality - right.quality);
  if (pareto.length >= 2) {
    seriesColors.set(paretoSeries, '#0969da');
    for (const point of pareto) lines.push({ series: paretoSeries, costUsd: point.costUsd, quality: point.quality });
  }

  report.curves.forEach((curve, index) => {
    const series = `${curve.configuration} sweep`;
    seriesColors.set(series, curveColors[index % curveColors.length]!);
    for (const point of curve.points) lines.push({ series, costUsd: point.costUsd, quality: point.quality });
  });

  const { anchors, oracle } = report;
  // Over three or more models, what mixing them reaches is their hull, not the line between two of them.
  if (report.manyModels && report.manyModels.hull.length >= 2) {
    seriesColors.set(hullSeries, '#8c959f');
    dashedSeries.add(hullSeries);
    for (const point of report.manyModels.hull) lines.push({ series: hullSeries, costUsd: point.costUsd, quality: point.quality });
  } else if (anchors) {
    seriesColors.set(randomSeries, '#8c959f');
    dashedSeries.add(randomSeries);
    lines.push(
      { series: randomSeries, costUsd: anchors.cheapCostUsd, quality: anchors.cheapQuality },
      { series: randomSeries, costUsd: anchors.frontierCostUsd, quality: anchors.frontierQuality },
    );
  }

  // Labels of the rightmost points go on their left, so they stay inside the plot.
  const maxCostUsd = Math.max(...points.map((point) => point.costUsd), ...lines.map((point) => point.costUsd), ...bars.map((bar) => bar.costHighUsd ?? 0), oracle?.costUsd ?? 0);
  const labelOnLeft = (point: ChartPoint) => point.costUsd > 0.7 * maxCostUsd;

  const x = { field: 'costUsd', type: 'quantitative', title: 'cost (USD)', axis: { format: '$,f' } } as const;
  const y = { field: 'quality', type: 'quantitative', title: 'quality (pass rate)', scale: { zero: false, nice: true }, axis: { format: '%' } } as const;
  const series = [...seriesColors.keys()];

  const layer: Layer[] = [];
  if (lines.some((point) => point.series === paretoSeries)) {
    layer.push({
      data: { values: lines.filter((point) => point.series === paretoSeries) },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 5, strokeOpacity: 0.3, strokeCap: 'round', strokeJoin: 'round' },
      encoding: { x, y, color: seriesEncoding(series, seriesColors), strokeDash: dashEncoding(series, dashedSeries) },
    });
  }
  const otherLines = lines.filter((point) => point.series !== paretoSeries);
  if (otherLines.length > 0) {
    layer.push({
      data: { values: otherLines },
      mark: { type: 'line', strokeWidth: 1.75, point: { size: 18, filled: true } },
      // `color`, not `stroke`: the points on the lines take the line's colour, and `fill` stays the verdicts'
      encoding: { x, y, color: seriesEncoding(series, seriesColors), strokeDash: dashEncoding(series, dashedSeries) },
    });
  }
  if (oracle) {
    const values = [{ label: 'oracle', costUsd: oracle.costUsd, quality: oracle.quality }];
    layer.push(
      { data: { values }, mark: { type: 'point', shape: 'diamond', size: 150, filled: true, color: '#e16f24', stroke: 'white', strokeWidth: 1 }, encoding: { x, y } },
      { data: { values }, mark: { type: 'text', align: 'left', dx: 9, fontSize: 11, fontStyle: 'italic', color: '#953800' }, encoding: { x, y, text: { field: 'label' } } },
    );
  }
  layer.push(...errorBarLayers(bars, x, y));
  layer.push({
    data: { values: points },
    mark: { type: 'point', filled: true, size: 110, opacity: 1, stroke: 'white', strokeWidth: 1.5 },
    encoding: {
      x,
      y,
      fill: {
        field: 'verdict',
        type: 'nominal',
        title: 'verdict',
        scale: { domain: Object.keys(verdictColors), range: Object.values(verdictColors) },
        legend: { orient: 'bottom-right', fillColor: 'rgba(255,255,255,0.9)', padding: 6, symbolStrokeWidth: 0, values: Object.keys(verdictColors).filter((verdict) => points.some((point) => point.verdict === verdict)) },
      },
    },
  });
  const right = points.filter((point) => !labelOnLeft(point));
  const left = points.filter(labelOnLeft);
  for (const [values, align, dx] of [[right, 'left', 9], [left, 'right', -9]] as const) {
    if (values.length === 0) continue;
    // a white halo under each label keeps it readable where a line runs through it
    const text = { type: 'text', align, dx, fontSize: 12 } as const;
    layer.push(
      { data: { values }, mark: { ...text, stroke: 'white', strokeWidth: 4, strokeOpacity: 0.85, strokeJoin: 'round', color: 'white' }, encoding: { x, y, text: { field: 'label' } } },
      { data: { values }, mark: { ...text, color: '#1f2328' }, encoding: { x, y, text: { field: 'label' } } },
    );
  }

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `Cost against quality of the configurations of run ${report.run.id}`,
    width: 640,
    height: 380,
    background: 'white',
    padding: 8,
    config: {
      font: chartFont,
      view: { stroke: '#d0d7de' },
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#57606a', labelColor: '#57606a', gridColor: '#eaeef2', domainColor: '#8c959f', tickColor: '#8c959f' },
      legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', titleColor: '#57606a', labelColor: '#1f2328', labelLimit: 260 },
    },
    layer,
  };
}

/**
 * Each point's intervals placed about it. Δ quality's interval is of the paired difference from the
 * baseline, so it moves with the point: [q + (lower - Δ)/100, q + (upper - Δ)/100]. The cost reduction
 * r = baseline cost / cost; a reduction of r' is a cost of cost × r / r', so its interval [lo, hi]
 * spans cost × r / hi to cost × r / lo.
 */
export function errorBars(report: Report, points: ChartPoint[]): ChartErrorBar[] {
  return points.flatMap((point) => {
    const configuration = report.configurations.find((each) => each.name === point.name)!;
    const bar: ChartErrorBar = { name: point.name, barVerdict: point.verdict, costUsd: point.costUsd, quality: point.quality };
    const quality = configuration.qualityDeltaCi95Pp;
    if (quality && configuration.qualityDeltaPp !== null) {
      bar.qualityLow = point.quality + (quality[0] - configuration.qualityDeltaPp) / 100;
      bar.qualityHigh = point.quality + (quality[1] - configuration.qualityDeltaPp) / 100;
    }
    const reduction = configuration.costReductionCi95;
    if (reduction && configuration.costReduction !== null && reduction[0] > 0) {
      bar.costLowUsd = (point.costUsd * configuration.costReduction) / reduction[1];
      bar.costHighUsd = (point.costUsd * configuration.costReduction) / reduction[0];
    }
    return bar.qualityLow === undefined && bar.costLowUsd === undefined ? [] : [bar];
  });
}

/** Thin rules in the verdict's colour, under the points: one up and down, one across (same axis titles as the points', so the axes keep one). */
function errorBarLayers<X extends { field: string }, Y extends { field: string }>(bars: ChartErrorBar[], x: X, y: Y): Layer[] {
  const stroke = { field: 'barVerdict', type: 'nominal', scale: { domain: Object.keys(verdictColors), range: Object.values(verdictColors) }, legend: null } as const;
  const mark = { type: 'rule', strokeWidth: 1.5, opacity: 0.7 } as const;
  const layers: Layer[] = [];
  const vertical = bars.filter((bar) => bar.qualityLow !== undefined);
  if (vertical.length > 0) {
    layers.push({ data: { values: vertical }, mark, encoding: { x, y: { ...y, field: 'qualityLow' }, y2: { field: 'qualityHigh' }, stroke } } as Layer);
  }
  const across = bars.filter((bar) => bar.costLowUsd !== undefined);
  if (across.length > 0) {
    layers.push({ data: { values: across }, mark, encoding: { x: { ...x, field: 'costLowUsd' }, x2: { field: 'costHighUsd' }, y, stroke } } as Layer);
  }
  return layers;
}

function seriesEncoding(series: string[], colors: Map<string, string>) {
  return {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: series, range: series.map((name) => colors.get(name)!) },
    legend: { orient: 'top', direction: 'horizontal', symbolType: 'stroke', symbolStrokeWidth: 2.5, columns: 0 },
  } as const;
}

function dashEncoding(series: string[], dashed: Set<string>) {
  return {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: series, range: series.map((name) => (dashed.has(name) ? [6, 4] : [1, 0])) },
    legend: { orient: 'top', direction: 'horizontal', symbolType: 'stroke', symbolStrokeWidth: 2.5, columns: 0 },
  } as const;
}
