/** Items where exactly one of the two configurations passed. */
export interface DiscordantPairs {
  /** b: the configuration passes, the baseline fails. */
  configurationOnlyPasses: number;
  /** c: the baseline passes, the configuration fails. */
  baselineOnlyPasses: number;
}

/**
 * Exact McNemar test (McNemar 1947; the exact form is a binomial sign test on
 * the discordant pairs): under "both configurations pass equally often", each
 * of the b + c discordant items is equally likely to favour either side, so
 * min(b, c) is the smaller tail of Binomial(b + c, 1/2). Two-sided p-value
 * p = min(1, 2 P(X <= min(b, c))); 1 when there is no discordant pair.
 * Exact rather than the chi-square form, which is poor for the small b + c a
 * routed configuration often has against its baseline.
 */
export function exactMcNemarPValue(pairs: DiscordantPairs): number {
  const b = pairs.configurationOnlyPasses;
  const c = pairs.baselineOnlyPasses;
  if (!Number.isSafeInteger(b) || !Number.isSafeInteger(c) || b < 0 || c < 0) throw new RangeError(`discordant counts must be non-negative integers, got ${b} and ${c}`);
  const trials = b + c;
  if (trials === 0) return 1;
  const smaller = Math.min(b, c);
  // P(X <= k) = P(X = k) * (1 + sum over i < k of P(X = i) / P(X = k)). The
  // term at k is taken in log space (it underflows for large counts otherwise);
  // the others follow by the ratio P(X = i - 1) / P(X = i) = i / (n - i + 1),
  // each below 1 because k <= n / 2, so the sum stops once terms are negligible.
  const logTermAtSmaller = logBinomialCoefficient(trials, smaller) - trials * Math.LN2;
  let relativeSum = 1;
  let relativeTerm = 1;
  for (let successes = smaller; successes > 0; successes--) {
    relativeTerm *= successes / (trials - successes + 1);
    relativeSum += relativeTerm;
    if (relativeTerm < relativeSum * 1e-17) break;
  }
  return Math.min(1, 2 * Math.exp(logTermAtSmaller + Math.log(relativeSum)));
}

/**
 * Counts b and c from per-item pass values (1 pass, 0 fail, NaN not graded, so
 * not a pair). McNemar needs one binary outcome per item: with repeats, pass it
 * one sample per item, or use the bootstrap on item means instead.
 */
export function countDiscordantPairs(configurationPass: Float64Array, baselinePass: Float64Array): DiscordantPairs {
  if (configurationPass.length !== baselinePass.length) throw new RangeError(`${configurationPass.length} configuration items against ${baselinePass.length} baseline items`);
  let configurationOnlyPasses = 0;
  let baselineOnlyPasses = 0;
  for (let item = 0; item < configurationPass.length; item++) {
    const mine = configurationPass[item]!;
    const theirs = baselinePass[item]!;
    if (Number.isNaN(mine) || Number.isNaN(theirs)) continue;
    if ((mine !== 0 && mine !== 1) || (theirs !== 0 && theirs !== 1)) throw new RangeError(`McNemar needs pass values of 0 or 1, got ${mine} and ${theirs} at item ${item}`);
    if (mine > theirs) configurationOnlyPasses++;
    else if (theirs > mine) baselineOnlyPasses++;
  }
  return { configurationOnlyPasses, baselineOnlyPasses };
}

/** log(n choose k) = log n! - log k! - log (n - k)!. */
function logBinomialCoefficient(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const LOG_FACTORIAL_TABLE_SIZE = 256;
let logFactorialTable: Float64Array | undefined;

/**
 * log n!: summed exactly from a table for small n (where the p-values people
 * check by hand live), Stirling's series beyond, where its first omitted term,
 * 1/(1188 n^9), is below 1e-24.
 */
function logFactorial(n: number): number {
  if (n < LOG_FACTORIAL_TABLE_SIZE) {
    if (!logFactorialTable) {
      logFactorialTable = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
      for (let index = 2; index < LOG_FACTORIAL_TABLE_SIZE; index++) logFactorialTable[index] = logFactorialTable[index - 1]! + Math.log(index);
    }
    return logFactorialTable[n]!;
  }
  const inverse = 1 / n;
  const inverseSquared = inverse * inverse;
  const series = inverse * (1 / 12 - inverseSquared * (1 / 360 - inverseSquared * (1 / 1260 - inverseSquared * (1 / 1680))));
  return (n + 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + series;
}
