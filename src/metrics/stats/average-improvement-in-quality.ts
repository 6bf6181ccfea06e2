import type { CostQualityPoint, MetricValue } from './types.js';

export interface AverageImprovementInQuality extends MetricValue {
  /** Vertices of the non-decreasing convex hull, by cost; flat after the last one. */
  hull: CostQualityPoint[];
}

/**
 * AIQ, average improvement in quality, from RouterBench (Hu et al. 2024,
 * "RouterBench: A Benchmark for Multi-LLM Routing System", arXiv:2403.12031,
 * section 3): the mean quality of a router's non-decreasing convex hull over a
 * cost range, AIQ = 1 / (c_max - c_min) * integral from c_min to c_max of
 * hull(c) dc.
 *
 * The hull is what the router's operating points make achievable:
 * - interpolation: running configuration A on a random fraction t of the
 *   calls and B on the rest gets, in expectation, the point t A + (1 - t) B, so
 *   every point of the convex hull is reachable;
 * - extrapolation: paying more never has to lower quality (spend the extra and
 *   keep the cheaper configuration's answers), so the curve never decreases.
 * Together: hull(c) = the best expected quality of any mix costing at most c,
 * which is the upper concave envelope of the points up to the best-quality
 * point (the cheapest among ties) and flat after it. Dominated points (dearer
 * and worse) fall under the hull and do not count.
 *
 * Here c_min and c_max are the costs of all-cheap and all-frontier, both added
 * to `points`, so AIQ is the router's mean achievable quality across the cost
 * span between its two models; the random router alone scores the mean of the
 * two qualities. Points outside that span still shape the hull (mixing them
 * with points inside it is achievable) but the area is only taken over
 * [c_min, c_max]. RouterBench's code normalises by the largest cost seen from
 * 0 instead; the span used here makes values comparable across suites whose
 * prices differ.
 */
export function averageImprovementInQuality(points: CostQualityPoint[], anchors: { cheap: CostQualityPoint; frontier: CostQualityPoint }): AverageImprovementInQuality {
  const all = [anchors.cheap, anchors.frontier, ...points];
  for (const point of all) {
    if (!Number.isFinite(point.costUsd) || !Number.isFinite(point.quality)) throw new RangeError(`cost and quality must be finite, got cost ${point.costUsd} and quality ${point.quality}`);
  }
  const hull = nonDecreasingConvexHull(all);
  const minCostUsd = Math.min(anchors.cheap.costUsd, anchors.frontier.costUsd);
  const maxCostUsd = Math.max(anchors.cheap.costUsd, anchors.frontier.costUsd);
  if (maxCostUsd === minCostUsd) {
    return { value: null, warning: `the cheap and frontier configurations cost the same ($${minCostUsd}): no cost range to average over`, hull };
  }
  return { value: areaUnder(hull, minCostUsd, maxCostUsd) / (maxCostUsd - minCostUsd), warning: null, hull };
}

/** A hull's quality at a cost: linear between its vertices, flat after the last; null below the first. */
export function hullQualityAt(hull: CostQualityPoint[], costUsd: number): number | null {
  if (hull.length === 0 || costUsd < hull[0]!.costUsd) return null;
  for (let index = 0; index + 1 < hull.length; index++) {
    const left = hull[index]!;
    const right = hull[index + 1]!;
    if (costUsd <= right.costUsd) return left.quality + ((right.quality - left.quality) * (costUsd - left.costUsd)) / (right.costUsd - left.costUsd);
  }
  return hull[hull.length - 1]!.quality;
}

/** Upper concave envelope (Andrew's monotone chain, upper half), cut at its highest vertex. */
function nonDecreasingConvexHull(points: CostQualityPoint[]): CostQualityPoint[] {
  // By cost, and at equal cost the best quality first, which alone can be on the hull.
  const sorted = [...points].sort((left, right) => left.costUsd - right.costUsd || right.quality - left.quality);
  const hull: CostQualityPoint[] = [];
  for (const point of sorted) {
    if (hull.length > 0 && hull[hull.length - 1]!.costUsd === point.costUsd) continue;
    // Drop the last vertex while it lies on or under the segment from the one
    // before it to the new point: the mix of those two does at least as well.
    while (hull.length >= 2 && cross(hull[hull.length - 2]!, hull[hull.length - 1]!, point) >= 0) hull.pop();
    hull.push({ costUsd: point.costUsd, quality: point.quality });
  }
  let best = 0;
  for (let index = 1; index < hull.length; index++) if (hull[index]!.quality > hull[best]!.quality) best = index;
  return hull.slice(0, best + 1);
}

/** Positive when o, a, b turn counter-clockwise (a lies under the line from o to b). */
function cross(origin: CostQualityPoint, a: CostQualityPoint, b: CostQualityPoint): number {
  return (a.costUsd - origin.costUsd) * (b.quality - origin.quality) - (a.quality - origin.quality) * (b.costUsd - origin.costUsd);
}

/** Integral of the hull (linear between vertices, flat after the last) over [from, to]; from is at or after the first vertex. */
function areaUnder(hull: CostQualityPoint[], from: number, to: number): number {
  let area = 0;
  for (let index = 0; index < hull.length; index++) {
    const left = hull[index]!;
    const right = hull[index + 1];
    const segmentEnd = right ? right.costUsd : Infinity;
    const start = Math.max(from, left.costUsd);
    const end = Math.min(to, segmentEnd);
    if (end <= start) continue;
    const at = (cost: number): number => (right ? left.quality + ((right.quality - left.quality) * (cost - left.costUsd)) / (right.costUsd - left.costUsd) : left.quality);
    area += ((end - start) * (at(start) + at(end))) / 2;
  }
  return area;
}
