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
const curveColors = ['#8250df', '#1b7c83', '#bf3989', '#9a6700', '#0550ae', '#6e7781'];

/**
 * The cost-versus-quality chart as a Vega-Lite spec: each configuration a
 * labelled point coloured by its verdict, each swept curve a line, the random
 * mix between the all-cheap and all-frontier anchors dashed (any router worth
 * running lies above it), the oracle a diamond and the Pareto frontier a step
 * line under the configurations no other beats on both cost and quality.
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
  if (anchors) {
    seriesColors.set(randomSeries, '#8c959f');
    dashedSeries.add(randomSeries);
    lines.push(
      { series: randomSeries, costUsd: anchors.cheapCostUsd, quality: anchors.cheapQuality },
      { series: randomSeries, costUsd: anchors.frontierCostUsd, quality: anchors.frontierQuality },
    );
  }

  // Labels of the rightmost points go on their left, so they stay inside the plot.
  const maxCostUsd = Math.max(...points.map((point) => point.costUsd), ...lines.map((point) => point.costUsd), oracle?.costUsd ?? 0);
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
