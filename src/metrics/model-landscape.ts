import type { ConfigurationSummary, Curve, ModelLandscape } from '../types/index.js';
import { averageImprovementInQuality, hullQualityAt, type CostQualityPoint } from './stats/index.js';
import type { TagRow } from './tag-breakdown.js';

/** A suite needs this many fixed configurations for the many-model view: with two, the routing metrics say it all. */
export const landscapeModels = 3;

/**
 * The suite seen over all its models (RouterBench, Hu et al. 2024,
 * arXiv:2403.12031, section 3): every model's point; the non-decreasing
 * convex hull of those points, which mixing models at random per item
 * reaches, with its AIQ over the suite's cost range (cheapest to dearest
 * fixed configuration); every router's AIQ over that same range, from its
 * swept curve where it has one, its own point otherwise, so routers over
 * different subsets of models compare on one scale; and per tag the best
 * single model, with what sending each tag to its best model would give.
 * That last baseline is chosen on the items it is scored on, so it flatters
 * itself: a router that beats it beats an in-sample choice.
 */
export function modelLandscape(summaries: ConfigurationSummary[], curves: Curve[], tags: TagRow[], itemTags: readonly string[][], excluded: ReadonlySet<string>): ModelLandscape | null {
  const fixed = summaries.filter((summary) => summary.kind === 'fixed' && summary.passRate !== null && !excluded.has(summary.name));
  if (fixed.length < landscapeModels) return null;
  const models = fixed.map((summary) => ({ configuration: summary.name, costUsd: summary.costUsd, quality: summary.passRate! }));
  const byCost = [...models].sort((left, right) => left.costUsd - right.costUsd);
  const cheapest = byCost[0]!;
  const dearest = byCost[byCost.length - 1]!;
  const range: [number, number] = [cheapest.costUsd, dearest.costUsd];
  const anchors = { cheap: cheapest, frontier: dearest };
  const mixing = averageImprovementInQuality(models, anchors);
  const routers = summaries.flatMap((summary) => {
    if (summary.kind === 'fixed' || summary.passRate === null || excluded.has(summary.name)) return [];
    const curve = curves.find((each) => each.configuration === summary.name);
    const points: CostQualityPoint[] = curve ? curve.points.filter((point) => Number.isFinite(point.quality)) : [{ costUsd: summary.costUsd, quality: summary.passRate }];
    const aiq = range[1] > range[0] ? averageImprovementInQuality(points, anchors).value : null;
    const hullAtCost = hullQualityAt(mixing.hull, summary.costUsd);
    return [{ configuration: summary.name, aiq, fromCurve: curve !== undefined, qualityOverHullPp: hullAtCost === null ? null : 100 * (summary.passRate - hullAtCost) }];
  });
  return { models, hull: mixing.hull, costRangeUsd: range, hullAiq: range[1] > range[0] ? mixing.value : null, routers, ...bestByTag(fixed, tags, itemTags) };
}

/**
 * Per tag, the fixed configuration of the best pass rate there (the cheaper
 * among ties). When every item has exactly one tag, the tags partition the
 * items and "each tag to its best model" is a router: its quality and cost.
 */
function bestByTag(fixed: ConfigurationSummary[], tags: TagRow[], itemTags: readonly string[][]): Pick<ModelLandscape, 'bestByTag' | 'routeByTag'> {
  const names = new Set(fixed.map((summary) => summary.name));
  const best = tags.flatMap((row) => {
    let chosen: TagRow['configurations'][number] | undefined;
    for (const entry of row.configurations) {
      if (!names.has(entry.name) || entry.passRate === null) continue;
      if (!chosen || entry.passRate > chosen.passRate! || (entry.passRate === chosen.passRate && entry.costUsd < chosen.costUsd)) chosen = entry;
    }
    return chosen ? [{ tag: row.tag, items: row.items, configuration: chosen.name, quality: chosen.passRate!, costUsd: chosen.costUsd }] : [];
  });
  const partition = itemTags.length > 0 && itemTags.every((each) => new Set(each).size === 1) && best.reduce((total, row) => total + row.items, 0) === itemTags.length;
  if (!partition) return { bestByTag: best, routeByTag: null };
  const quality = best.reduce((total, row) => total + row.quality * row.items, 0) / itemTags.length;
  return { bestByTag: best, routeByTag: { quality, costUsd: best.reduce((total, row) => total + row.costUsd, 0) } };
}
