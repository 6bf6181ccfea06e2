import type { CostQualityPoint, MetricValue } from './types.js';

/**
 * The routing metrics of RouteLLM (Ong et al. 2024, "RouteLLM: Learning to
 * Route LLMs with Preference Data", arXiv:2406.18665, section 4), which places a
 * router between a weak (here: cheap) and a strong (here: frontier) model and
 * measures cost as the share of calls sent to the strong model.
 */

/** Quality of the two models a router chooses between. */
export interface QualityAnchors {
  cheapQuality: number;
  frontierQuality: number;
}

/** One operating point of a router: the share of calls it sent to the frontier model, and the quality it got. */
export interface RoutingCurvePoint {
  /** In [0, 1]. */
  frontierShare: number;
  quality: number;
}

/**
 * Performance gap recovered: PGR(q) = (q - q_cheap) / (q_frontier - q_cheap),
 * 0 at the cheap model's quality, 1 at the frontier's. Null when the two models
 * score the same: there is no gap to recover.
 */
export function performanceGapRecovered(quality: number, anchors: QualityAnchors): MetricValue {
  checkAnchors(anchors);
  const gap = anchors.frontierQuality - anchors.cheapQuality;
  if (gap === 0) return { value: null, warning: zeroGapWarning(anchors) };
  return { value: (quality - anchors.cheapQuality) / gap, warning: null };
}

export interface PointPgr extends MetricValue {
  /**
   * PGR minus the frontier share: a router that picks the frontier at random
   * for that share of calls recovers, in expectation, exactly that share of the
   * gap, so this is what the routing decisions themselves add.
   */
  aboveRandom: number | null;
}

/**
 * PGR of one configuration. APGR needs a curve swept over router thresholds;
 * one operating point only supports PGR at its own share.
 */
export function pointPgr(point: RoutingCurvePoint, anchors: QualityAnchors): PointPgr {
  checkShare(point.frontierShare);
  const pgr = performanceGapRecovered(point.quality, anchors);
  return { ...pgr, aboveRandom: pgr.value === null ? null : pgr.value - point.frontierShare };
}

/**
 * Average performance gap recovered: the area under PGR against frontier share
 * over [0, 1] (RouteLLM: APGR = integral over c of PGR at c% strong-model calls).
 * RouteLLM evaluates the integral on a grid of call percentages; here the
 * router's measured points are joined linearly (trapezoidal rule), with the
 * all-cheap point (0, q_cheap) and all-frontier point (1, q_frontier) added when
 * the curve has no point at share 0 or 1. A random router is the straight line
 * between them, so APGR = 0.5 is what routing must beat.
 */
export function averagePerformanceGapRecovered(curve: RoutingCurvePoint[], anchors: QualityAnchors): MetricValue {
  const points = pgrCurve(curve, anchors);
  if (!points) return { value: null, warning: zeroGapWarning(anchors) };
  let area = 0;
  for (let index = 1; index < points.length; index++) {
    const left = points[index - 1]!;
    const right = points[index]!;
    area += ((right.share - left.share) * (left.pgr + right.pgr)) / 2;
  }
  return { value: area, warning: null };
}

/**
 * Call-performance threshold CPT(x): the smallest share of frontier calls at
 * which the curve reaches PGR = x (RouteLLM writes CPT(50%) for x = 0.5; here x
 * and the result are fractions). Linear between the measured points, sorted by
 * share, with the end points added as for APGR. Null when the curve never
 * reaches x.
 */
export function callPerformanceThreshold(curve: RoutingCurvePoint[], anchors: QualityAnchors, targetPgr: number): MetricValue {
  if (!Number.isFinite(targetPgr)) throw new RangeError(`target PGR must be a finite number, got ${targetPgr}`);
  const points = pgrCurve(curve, anchors);
  if (!points) return { value: null, warning: zeroGapWarning(anchors) };
  if (points[0]!.pgr >= targetPgr) return { value: points[0]!.share, warning: null };
  for (let index = 1; index < points.length; index++) {
    const left = points[index - 1]!;
    const right = points[index]!;
    if (right.pgr >= targetPgr && left.pgr < targetPgr) {
      const fraction = (targetPgr - left.pgr) / (right.pgr - left.pgr);
      return { value: left.share + fraction * (right.share - left.share), warning: null };
    }
  }
  return { value: null, warning: `the routing curve never recovers ${formatPercent(targetPgr)} of the quality gap` };
}

/**
 * Share of the gap between the all-cheap quality and the oracle's (the best
 * model for each item, chosen in hindsight) that a configuration recovers:
 * (q - q_cheap) / (q_oracle - q_cheap). Unlike PGR this counts items the cheap
 * model gets right and the frontier gets wrong, so a router can approach 1 only
 * by routing better than "frontier whenever in doubt". Null when the oracle does
 * no better than the cheap model.
 */
export function oracleGapClosed(quality: number, anchors: { cheapQuality: number; oracleQuality: number }): MetricValue {
  const gap = anchors.oracleQuality - anchors.cheapQuality;
  if (gap === 0) return { value: null, warning: `the oracle scores the same as the cheap model (${anchors.cheapQuality}): no gap to close` };
  return { value: (quality - anchors.cheapQuality) / gap, warning: null };
}

/**
 * The random router: sending a share p of calls to the frontier at random gives,
 * in expectation, quality (1 - p) q_cheap + p q_frontier at cost (1 - p) c_cheap
 * + p c_frontier. Any router worth running lies above this line.
 */
export function randomMixLine(cheap: CostQualityPoint, frontier: CostQualityPoint): (frontierShare: number) => CostQualityPoint {
  return (frontierShare) => {
    checkShare(frontierShare);
    return {
      costUsd: (1 - frontierShare) * cheap.costUsd + frontierShare * frontier.costUsd,
      quality: (1 - frontierShare) * cheap.quality + frontierShare * frontier.quality,
    };
  };
}

/**
 * The curve as (share, PGR), sorted by share, end points added. Points at the
 * same share (thresholds that route identically) keep the best quality, the
 * operating point one would pick at that share. Null when the gap is zero.
 */
function pgrCurve(curve: RoutingCurvePoint[], anchors: QualityAnchors): { share: number; pgr: number }[] | null {
  checkAnchors(anchors);
  const gap = anchors.frontierQuality - anchors.cheapQuality;
  if (gap === 0) return null;
  for (const point of curve) {
    checkShare(point.frontierShare);
    if (!Number.isFinite(point.quality)) throw new RangeError(`curve quality must be finite, got ${point.quality}`);
  }
  const bestAtShare = new Map<number, number>();
  for (const point of curve) bestAtShare.set(point.frontierShare, Math.max(point.quality, bestAtShare.get(point.frontierShare) ?? -Infinity));
  if (!bestAtShare.has(0)) bestAtShare.set(0, anchors.cheapQuality);
  if (!bestAtShare.has(1)) bestAtShare.set(1, anchors.frontierQuality);
  return [...bestAtShare]
    .sort(([left], [right]) => left - right)
    .map(([share, quality]) => ({ share, pgr: (quality - anchors.cheapQuality) / gap }));
}

function checkShare(frontierShare: number): void {
  if (!(frontierShare >= 0 && frontierShare <= 1)) throw new RangeError(`frontier share must be in [0, 1], got ${frontierShare}`);
}

function checkAnchors(anchors: QualityAnchors): void {
  if (!Number.isFinite(anchors.cheapQuality) || !Number.isFinite(anchors.frontierQuality)) {
    throw new RangeError(`anchor qualities must be finite, got cheap ${anchors.cheapQuality} and frontier ${anchors.frontierQuality}`);
  }
}

function zeroGapWarning(anchors: QualityAnchors): string {
  return `the cheap and frontier models score the same (${anchors.cheapQuality}): no performance gap to recover`;
}

function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(4))}%`;
}
