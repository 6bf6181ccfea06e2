import { describe, expect, it } from 'vitest';
import { sampleReport } from './__fixtures__/sample-report.js';
import { costQualityChartSpec } from './chart-spec.js';
import type { Report } from '../types/index.js';

interface LayerView {
  mark: { type: string; shape?: string; interpolate?: string };
  data: { values: Array<Record<string, unknown>> };
  encoding: Record<string, { field?: string; scale?: { domain?: unknown[]; range?: unknown[] } }>;
}

function layers(report: Report): LayerView[] {
  const spec = costQualityChartSpec(report);
  expect(spec).not.toBeNull();
  return (spec as unknown as { layer: LayerView[] }).layer;
}

function seriesValues(report: Report, series: string): Array<Record<string, unknown>> {
  return layers(report).flatMap((layer) => layer.data.values.filter((value) => value.series === series));
}

describe('costQualityChartSpec', () => {
  it('plots cost in USD on x and quality as a percentage on y', () => {
    const [first] = layers(sampleReport);
    expect(first!.encoding.x).toMatchObject({ field: 'costUsd', type: 'quantitative', axis: { format: '$,f' } });
    expect(first!.encoding.y).toMatchObject({ field: 'quality', type: 'quantitative', axis: { format: '%' } });
  });

  it('has one labelled point per configuration with a pass rate, coloured by its verdict', () => {
    const points = layers(sampleReport).find((layer) => layer.mark.type === 'point' && layer.encoding.fill?.field === 'verdict');
    expect(points?.data.values).toEqual([
      { name: 'all-frontier', label: 'all-frontier (baseline)', costUsd: 1.65, quality: 0.961, verdict: 'baseline' },
      { name: 'all-cheap', label: 'all-cheap', costUsd: 0.143, quality: 0.896, verdict: 'inferior' },
      { name: 'routed', label: 'routed', costUsd: 0.525, quality: 0.966, verdict: 'non-inferior' },
      { name: 'threshold', label: 'threshold', costUsd: 0.41, quality: 0.952, verdict: 'inconclusive' },
      { name: 'random-30', label: 'random-30', costUsd: 0.595, quality: 0.916, verdict: 'inferior' },
    ]);
    const labelled = layers(sampleReport)
      .filter((layer) => layer.mark.type === 'text' && layer.data.values.some((value) => 'verdict' in value))
      .flatMap((layer) => layer.data.values.map((value) => value.label));
    // every label twice: the white halo and the text
    expect(new Set(labelled)).toEqual(new Set(['all-frontier (baseline)', 'all-cheap', 'routed', 'threshold', 'random-30']));
  });

  it('draws each curve as a line in cost order', () => {
    const threshold = seriesValues(sampleReport, 'threshold sweep');
    expect(threshold).toHaveLength(8);
    expect(threshold[3]).toMatchObject({ quality: 0.952 });
    expect(seriesValues(sampleReport, 'random-30 sweep')).toHaveLength(5);
    const lineLayer = layers(sampleReport).find((layer) => layer.mark.type === 'line' && layer.data.values.some((value) => value.series === 'threshold sweep'));
    expect(lineLayer?.encoding.color?.field).toBe('series');
  });

  it('draws the random mix as a dashed line between the anchors', () => {
    expect(seriesValues(sampleReport, 'random mix')).toEqual([
      { series: 'random mix', costUsd: 0.143, quality: 0.896 },
      { series: 'random mix', costUsd: 1.65, quality: 0.961 },
    ]);
    const dash = layers(sampleReport).find((layer) => layer.data.values.some((value) => value.series === 'random mix'))!.encoding.strokeDash!;
    const index = dash.scale!.domain!.indexOf('random mix');
    expect(dash.scale!.range![index]).toEqual([6, 4]);
    expect(seriesValues({ ...sampleReport, anchors: null }, 'random mix')).toEqual([]);
  });

  it('marks the oracle with a diamond', () => {
    const oracle = layers(sampleReport).find((layer) => layer.mark.type === 'point' && layer.mark.shape === 'diamond');
    expect(oracle?.data.values).toEqual([{ label: 'oracle', costUsd: 0.31, quality: 0.985 }]);
    expect(layers({ ...sampleReport, oracle: null }).some((layer) => layer.mark.shape === 'diamond')).toBe(false);
  });

  it('steps through the Pareto frontier in cost order', () => {
    const pareto = layers(sampleReport).find((layer) => layer.mark.interpolate === 'step-after');
    expect(pareto?.data.values.map((value) => value.costUsd)).toEqual([0.143, 0.41, 0.525]);
    expect(pareto?.data.values.map((value) => value.quality)).toEqual([0.896, 0.952, 0.966]);
  });

  it('leaves out configurations without a pass rate, and is null when none has one', () => {
    const configurations = sampleReport.configurations.map((configuration) => ({ ...configuration, passRate: null }));
    expect(costQualityChartSpec({ ...sampleReport, configurations })).toBeNull();
    const oneMissing = sampleReport.configurations.map((configuration, index) => (index === 1 ? { ...configuration, passRate: null } : configuration));
    const points = layers({ ...sampleReport, configurations: oneMissing }).find((layer) => layer.encoding.fill?.field === 'verdict');
    expect(points?.data.values.map((value) => value.name)).not.toContain('all-cheap');
  });

  it('draws the 95% intervals as bars about the points: Δ quality up and down, the cost reduction across', () => {
    const rules = layers(sampleReport).filter((layer) => layer.mark.type === 'rule');
    expect(rules).toHaveLength(2);
    const [vertical, across] = rules as [LayerView, LayerView];
    expect(vertical.encoding.y?.field).toBe('qualityLow');
    expect(across.encoding.x?.field).toBe('costLowUsd');
    const routed = vertical.data.values.find((value) => value.name === 'routed')!;
    // routed: 96.6%, +0.5 pp [-0.6, +1.6]: the interval of the difference, moved onto the point.
    expect(routed.qualityLow).toBeCloseTo(0.966 - 0.011, 12);
    expect(routed.qualityHigh).toBeCloseTo(0.966 + 0.011, 12);
    // $0.525, 3.14x [3.02, 3.27]: cost = baseline cost / reduction, so the dearer end is the lower reduction.
    const reduction = 1.65 / 0.525;
    const routedAcross = across.data.values.find((value) => value.name === 'routed')!;
    expect(routedAcross.costLowUsd).toBeCloseTo((0.525 * reduction) / 3.27, 12);
    expect(routedAcross.costHighUsd).toBeCloseTo((0.525 * reduction) / 3.02, 12);
    expect(routedAcross.costLowUsd as number).toBeLessThan(0.525);
    expect(routedAcross.costHighUsd as number).toBeGreaterThan(0.525);
    // The baseline is what the intervals are measured against: it has none.
    expect(vertical.data.values.map((value) => value.name)).not.toContain('all-frontier');
    const unbounded = sampleReport.configurations.map((configuration) => ({ ...configuration, qualityDeltaCi95Pp: null, costReductionCi95: null }));
    expect(layers({ ...sampleReport, configurations: unbounded }).some((layer) => layer.mark.type === 'rule')).toBe(false);
  });

  it('is plain data: compiling it to Vega gives no warnings', async () => {
    const { compile } = await import('vega-lite');
    const warnings: unknown[] = [];
    const logger = { level: () => logger, error: () => logger, info: () => logger, debug: () => logger, warn: (...message: unknown[]) => (warnings.push(message), logger) };
    compile(costQualityChartSpec(sampleReport)!, { logger: logger as never });
    expect(warnings).toEqual([]);
  });
});
