/**
 * Agreement of two raters on a yes/no question over the same items, beyond
 * what chance would give: Cohen's kappa (J. Cohen 1960, "A coefficient of
 * agreement for nominal scales", Educational and Psychological Measurement
 * 20:37–46), κ = (pₒ − pₑ) / (1 − pₑ), with pₒ the observed agreement and
 * pₑ the agreement expected from each rater's own yes rate. Null when
 * there are no items, or when chance alone agrees on all of them (both
 * raters said the same one thing throughout), where κ is undefined.
 */
export interface AgreementTable {
  bothYes: number;
  onlyFirst: number;
  onlySecond: number;
  bothNo: number;
}

export function agreement(table: AgreementTable): { items: number; agreement: number | null; kappa: number | null } {
  const { bothYes: a, onlyFirst: b, onlySecond: c, bothNo: d } = table;
  const n = a + b + c + d;
  if (n === 0) return { items: 0, agreement: null, kappa: null };
  const observed = (a + d) / n;
  const chance = ((a + b) * (a + c) + (c + d) * (b + d)) / (n * n);
  return { items: n, agreement: observed, kappa: chance >= 1 ? null : (observed - chance) / (1 - chance) };
}
