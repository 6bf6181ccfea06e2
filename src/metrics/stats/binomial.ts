import type { RandomSource } from './random.js';

/**
 * Below this mean, inversion walks only a few terms; above it BTPE's constant
 * cost wins. 30 is the switch NumPy uses for the same pair of methods.
 */
const INVERSION_MEAN_LIMIT = 30;

/**
 * A draw from Binomial(trials, probability), exact in distribution (no normal
 * or Poisson approximation), in O(1) expected time for any number of trials.
 * The bootstrap turns a resample of n items into a few binomial draws, so this
 * must stay fast for n in the millions.
 */
export function binomial(trials: number, probability: number, random: RandomSource): number {
  if (!Number.isSafeInteger(trials) || trials < 0) throw new RangeError(`trials must be a non-negative integer, got ${trials}`);
  if (!(probability >= 0 && probability <= 1)) throw new RangeError(`probability must be in [0, 1], got ${probability}`);
  if (trials === 0 || probability === 0) return 0;
  if (probability === 1) return trials;
  // Both methods want the smaller tail: Bin(n, p) = n - Bin(n, 1 - p).
  if (probability > 0.5) return trials - binomialAtMostHalf(trials, 1 - probability, random);
  return binomialAtMostHalf(trials, probability, random);
}

function binomialAtMostHalf(trials: number, probability: number, random: RandomSource): number {
  return trials * probability < INVERSION_MEAN_LIMIT ? binomialInversion(trials, probability, random) : binomialBtpe(trials, probability, random);
}

/**
 * Sequential inversion: walk the probability mass function from 0 until the
 * uniform draw is used up. Exact (up to float rounding of the pmf); the
 * expected number of steps is about the mean, which is below 30 here.
 */
function binomialInversion(trials: number, probability: number, random: RandomSource): number {
  const failure = 1 - probability;
  const odds = probability / failure;
  // q^n >= e^(-1.39 * 30) because the mean is below 30 and p <= 1/2: no underflow.
  const zeroMass = Math.exp(trials * Math.log(failure));
  for (;;) {
    let uniform = random.nextFloat();
    let successes = 0;
    let mass = zeroMass;
    while (uniform > mass && successes < trials) {
      uniform -= mass;
      successes++;
      mass *= ((trials - successes + 1) / successes) * odds;
    }
    // Rounding can leave a sliver of the uniform unassigned past n; redrawing
    // (rather than clamping to n) keeps every outcome at its own probability.
    if (uniform <= mass) return successes;
  }
}

/**
 * BTPE, the triangle-parallelogram-exponential rejection sampler of
 * Kachitvichyanukul and Schmeiser, "Binomial random variate generation",
 * Communications of the ACM 31(2), 1988, in the form NumPy uses. It is an
 * accept-reject method, so accepted values follow the binomial law exactly; the
 * last acceptance test compares with log f(y)/f(m) written through Stirling's
 * series, whose truncation error (< 1e-16 at the arguments reached, which are
 * above 20) is below double rounding. Requires p <= 1/2 and n p >= 30.
 */
function binomialBtpe(trials: number, probability: number, random: RandomSource): number {
  const n = trials;
  const r = probability;
  const q = 1 - r;
  const nrq = n * r * q;
  const fm = n * r + r;
  const mode = Math.floor(fm);
  const p1 = Math.floor(2.195 * Math.sqrt(nrq) - 4.6 * q) + 0.5;
  const xm = mode + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + mode);
  let a = (fm - xl) / (fm - xl * r);
  const lambdaLeft = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lambdaRight = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / lambdaLeft;
  const p4 = p3 + c / lambdaRight;

  for (;;) {
    const u = random.nextFloat() * p4;
    let v = random.nextFloat();
    let y: number;
    if (u <= p1) {
      // Inside the triangle: accepted outright.
      return Math.floor(xm - p1 * v + u);
    } else if (u <= p2) {
      // Parallelogram.
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(mode - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      // Left exponential tail.
      if (v === 0) continue;
      y = Math.floor(xl + Math.log(v) / lambdaLeft);
      if (y < 0) continue;
      v = v * (u - p2) * lambdaLeft;
    } else {
      // Right exponential tail.
      if (v === 0) continue;
      y = Math.floor(xr - Math.log(v) / lambdaRight);
      if (y > n) continue;
      v = v * (u - p3) * lambdaRight;
    }

    const distance = Math.abs(y - mode);
    if (distance <= 20 || distance >= nrq / 2 - 1) {
      // Near the mode: f(y)/f(m) by the recurrence f(i)/f(i-1) = (a/i - s).
      const s = r / q;
      const factor = s * (n + 1);
      let ratio = 1;
      if (mode < y) {
        for (let index = mode + 1; index <= y; index++) ratio *= factor / index - s;
      } else if (mode > y) {
        for (let index = y + 1; index <= mode; index++) ratio /= factor / index - s;
      }
      if (v <= ratio) return y;
      continue;
    }

    // Far from the mode: squeeze with bounds on log f(y)/f(m) first.
    const rho = (distance / nrq) * ((distance * (distance / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = (-distance * distance) / (2 * nrq);
    const logV = Math.log(v);
    if (logV < t - rho) return y;
    if (logV > t + rho) continue;

    const x1 = y + 1;
    const f1 = mode + 1;
    const z = n + 1 - mode;
    const w = n - y + 1;
    const bound =
      xm * Math.log(f1 / x1) +
      (n - mode + 0.5) * Math.log(z / w) +
      (y - mode) * Math.log((w * r) / (x1 * q)) +
      stirlingCorrection(f1) +
      stirlingCorrection(z) +
      stirlingCorrection(x1) +
      stirlingCorrection(w);
    if (logV <= bound) return y;
  }
}

/** The series term of log Gamma beyond Stirling's leading terms, to 1/x^9. */
function stirlingCorrection(x: number): number {
  const x2 = x * x;
  return (13860 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}
