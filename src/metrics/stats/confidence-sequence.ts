/**
 * An anytime-valid confidence sequence for the mean difference of paired
 * pass/fail outcomes (configuration − baseline, each item's difference in
 * {−1, 0, 1}): intervals that hold at every item at once with probability at
 * least 1 − α, so a run may look after every wave and stop when the verdict
 * is settled without inflating false verdicts, which a fixed-sample interval
 * looked at repeatedly would.
 *
 * The construction is the predictable plug-in empirical-Bernstein confidence
 * sequence of Waudby-Smith & Ramdas (2023), "Estimating means of bounded
 * random variables by betting", JRSS-B 86(1):1–27, Theorem 2 (PrPl-EB), on
 * X = (D + 1) / 2 in [0, 1], with its two-sided α split evenly. Its running
 * intersection is kept: the intersection of valid intervals is valid too.
 */
export class PairedConfidenceSequence {
  private readonly logTerm: number;
  private items = 0;
  private sum = 0;
  private squaredDeviations = 0;
  private weightSum = 0;
  private weightedSum = 0;
  private penalty = 0;
  private lowerBound = -1;
  private upperBound = 1;

  constructor(readonly alpha = 0.05) {
    if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
    this.logTerm = Math.log(2 / alpha);
  }

  /** One item's paired difference: 1 (only the configuration passed), 0 (both or neither), −1 (only the baseline). */
  add(difference: -1 | 0 | 1): void {
    const x = (difference + 1) / 2;
    const t = this.items + 1;
    // Predictable: the bet on item t uses only items before it.
    const meanBefore = (0.5 + this.sum) / t;
    const varianceBefore = (0.25 + this.squaredDeviations) / t;
    const lambda = Math.min(Math.sqrt((2 * this.logTerm) / (varianceBefore * t * Math.log(1 + t))), 0.75);
    this.penalty += 4 * (x - meanBefore) ** 2 * (-Math.log(1 - lambda) - lambda) / 4;
    this.weightSum += lambda;
    this.weightedSum += lambda * x;
    this.items = t;
    this.sum += x;
    this.squaredDeviations += (x - (0.5 + this.sum) / (t + 1)) ** 2;
    const centre = this.weightedSum / this.weightSum;
    const width = (this.logTerm + this.penalty) / this.weightSum;
    // Back to the difference's scale, D = 2X - 1, kept as a running intersection.
    this.lowerBound = Math.max(this.lowerBound, 2 * Math.max(0, centre - width) - 1);
    this.upperBound = Math.min(this.upperBound, 2 * Math.min(1, centre + width) - 1);
  }

  get count(): number {
    return this.items;
  }

  /** The interval on the mean difference in points, valid at every item at once. */
  intervalPp(): { lower: number; upper: number } {
    return { lower: this.lowerBound * 100, upper: Math.max(this.lowerBound, this.upperBound) * 100 };
  }
}
