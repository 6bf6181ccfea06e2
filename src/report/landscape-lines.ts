import { percent, signed } from './build-report.js';
import { usd } from './format-values.js';
import type { Report } from '../types/index.js';

/** Tags whose best model a line names, the most common first. */
const shownTags = 8;

/**
 * The suite over all its models, as lines: each model's point, what mixing
 * them at random reaches (the hull's AIQ), each router's AIQ over the same
 * cost range and its quality over the hull at its cost, and per tag the
 * best single model with "each tag to its best model" as a baseline.
 * The first line is the title; the rest are indented.
 */
export function landscapeLines(report: Report): string[] {
  const landscape = report.manyModels;
  if (!landscape) return [];
  const aiq = (value: number | null) => (value === null ? '—' : value.toFixed(3));
  const [low, high] = landscape.costRangeUsd;
  const lines = [
    `over all ${landscape.models.length} models (AIQ over ${usd(low)}–${usd(high)}, the cheapest to the dearest model):`,
    `  models: ${[...landscape.models].sort((a, b) => a.costUsd - b.costUsd).map((model) => `${model.configuration} ${percent(model.quality)} at ${usd(model.costUsd)}`).join(' · ')}`,
    `  mixing models at random (their hull): AIQ ${aiq(landscape.hullAiq)}, through ${landscape.hull.map((point) => landscape.models.find((model) => model.costUsd === point.costUsd && model.quality === point.quality)?.configuration ?? usd(point.costUsd)).join(' → ')}`,
  ];
  if (report.oracle) lines.push(`  oracle across all ${landscape.models.length}: ${percent(report.oracle.quality)} at ${usd(report.oracle.costUsd)}`);
  for (const router of landscape.routers) {
    const over = router.qualityOverHullPp === null ? 'cheaper than every model' : `${signed(router.qualityOverHullPp)} pp vs the hull at its cost`;
    lines.push(`  ${router.configuration}: AIQ ${aiq(router.aiq)}${router.fromCurve ? ' (its swept curve)' : ' (its point)'}, ${over}`);
  }
  if (landscape.bestByTag.length > 0) {
    const shown = landscape.bestByTag.slice(0, shownTags);
    const more = landscape.bestByTag.length - shown.length;
    lines.push(`  best model per tag: ${shown.map((row) => `${row.tag} → ${row.configuration} (${percent(row.quality)})`).join(' · ')}${more > 0 ? ` (${more} rarer tags in --format json)` : ''}`);
  }
  if (landscape.routeByTag) {
    lines.push(`  each tag to its best model: ${percent(landscape.routeByTag.quality)} at ${usd(landscape.routeByTag.costUsd)} (chosen on these same items: a baseline every router should beat)`);
  }
  return lines;
}
