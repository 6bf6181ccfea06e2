export interface NamedCostQualityPoint {
  name: string;
  costUsd: number;
  quality: number;
}

/**
 * Names of the configurations no other one dominates, in input order. B
 * dominates A when B costs no more, scores no less, and is strictly better in
 * one of the two; identical points do not dominate each other, so both stay.
 * Points with a non-finite cost or quality (nothing graded) cannot be compared
 * and are left out. Quadratic, which is fine for the handful of configurations a
 * run compares.
 */
export function paretoFrontier(points: NamedCostQualityPoint[]): string[] {
  const comparable = points.filter((point) => Number.isFinite(point.costUsd) && Number.isFinite(point.quality));
  return comparable.filter((point) => !comparable.some((other) => dominates(other, point))).map((point) => point.name);
}

function dominates(other: NamedCostQualityPoint, point: NamedCostQualityPoint): boolean {
  return other.costUsd <= point.costUsd && other.quality >= point.quality && (other.costUsd < point.costUsd || other.quality > point.quality);
}
