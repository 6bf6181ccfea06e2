import { binomial } from './binomial.js';
import { nonInferiorityVerdict } from './non-inferiority.js';
import { normalQuantile } from './normal-quantile.js';
import { pairedProportionInterval, type PairedTable } from './paired-proportion-interval.js';
import { createRandom } from './random.js';

/**
 * The paired outcome rates of a configuration against the baseline, as shares
 * of the items both answered: both pass, only the configuration passes, only
 * the baseline passes, both fail. They sum to 1.
 */
export interface PairedRates {
  bothPass: number;
  onlyConfiguration: number;
  onlyBaseline: number;
  bothFail: number;
}

export interface PlanTarget {
  /** The loss accepted, in points: the suite's `margin_pp`. */
  marginPp: number;
  /** The chance of showing non-inferiority when the rates are the true ones (0.8, 0.9). */
  power: number;
  /** Of the two-sided interval the verdict reads (0.95: a one-sided test at 2.5%). */
  confidenceLevel?: number;
}

/** Plans above this many items are reported as out of reach. */
export const maxPlannedItems = 10_000_000;
/** Simulated runs per candidate size: the power's standard error is below 0.7 points at 80%. */
const drawsPerSize = 4_000;

export function pairedRatesOf(table: PairedTable): PairedRates {
  const n = table.bothPass + table.onlyFirst + table.onlySecond + table.bothFail;
  return { bothPass: table.bothPass / n, onlyConfiguration: table.onlyFirst / n, onlyBaseline: table.onlySecond / n, bothFail: table.bothFail / n };
}

/** The configuration's pass rate minus the baseline's, in points. */
export function differencePp(rates: PairedRates): number {
  return (rates.onlyConfiguration - rates.onlyBaseline) * 100;
}

function zSum(target: PlanTarget): number {
  const level = target.confidenceLevel ?? 0.95;
  return normalQuantile(1 - (1 - level) / 2) + normalQuantile(target.power);
}

/**
 * Items needed by the normal approximation for non-inferiority of paired
 * proportions (Nam 1997, "Establishing equivalence of two treatments and
 * sample size requirements in matched-pairs design", Biometrics 53:1422-1430,
 * in its Wald form): n = (z₁₋α + z_power)² · (p₀₁ + p₁₀ − δ²) / (δ + M)²,
 * where p₀₁ and p₁₀ are the discordant rates, δ their difference and M the
 * margin. Only the discordant items carry information: two configurations
 * that agree on every item need few. Undefined when δ is at or below −M: no
 * number of items shows non-inferiority of a configuration that is worse by
 * the margin or more.
 */
export function normalApproximationItems(rates: PairedRates, target: PlanTarget): number | undefined {
  const delta = rates.onlyConfiguration - rates.onlyBaseline;
  const margin = target.marginPp / 100;
  if (delta + margin <= 0) return undefined;
  const variance = rates.onlyConfiguration + rates.onlyBaseline - delta * delta;
  return Math.ceil((zSum(target) ** 2 * variance) / (delta + margin) ** 2);
}

/** The smallest margin, in points, that `items` items show at this power by the normal approximation. */
export function marginShownBy(rates: PairedRates, items: number, target: Omit<PlanTarget, 'marginPp'>): number {
  const delta = rates.onlyConfiguration - rates.onlyBaseline;
  const variance = rates.onlyConfiguration + rates.onlyBaseline - delta * delta;
  return Math.max(0, (zSum({ ...target, marginPp: 0 }) * Math.sqrt(variance / items) - delta) * 100);
}

/**
 * The share of simulated runs of `items` items, drawn from `rates`, whose
 * verdict is non-inferior by the test the report applies: Newcombe's paired
 * interval above −margin. The same seed draws the same runs at every size,
 * so power against size is smooth enough to search.
 */
export function simulatedPower(rates: PairedRates, items: number, target: PlanTarget, seed = 0, draws = drawsPerSize): number {
  const random = createRandom(seed, `power:${items}`);
  const level = target.confidenceLevel ?? 0.95;
  let shown = 0;
  for (let draw = 0; draw < draws; draw++) {
    const table = drawTable(rates, items, random);
    const interval = pairedProportionInterval(table, level)!;
    if (nonInferiorityVerdict({ lower: interval.lower * 100, upper: interval.upper * 100 }, target.marginPp).nonInferior) shown++;
  }
  return shown / draws;
}

/** One run of `items` items: a multinomial draw of the paired table, as three binomials. */
function drawTable(rates: PairedRates, items: number, random: Parameters<typeof binomial>[2]): PairedTable {
  const conditional = (share: number, rest: number) => (rest <= 0 ? 0 : Math.min(1, Math.max(0, share / rest)));
  const onlyFirst = binomial(items, rates.onlyConfiguration, random);
  let rest = 1 - rates.onlyConfiguration;
  const onlySecond = binomial(items - onlyFirst, conditional(rates.onlyBaseline, rest), random);
  rest -= rates.onlyBaseline;
  const bothPass = binomial(items - onlyFirst - onlySecond, conditional(rates.bothPass, rest), random);
  return { bothPass, onlyFirst, onlySecond, bothFail: items - onlyFirst - onlySecond - bothPass };
}

/**
 * Items needed for the report's own verdict to say "non-inferior" with the
 * target power, when the rates are the true ones: the normal approximation
 * (Nam 1997) as a start, then the smallest size whose simulated power
 * (`simulatedPower`, the report's Newcombe interval) reaches the target, by
 * doubling and bisection. Undefined when out of reach (the configuration is
 * worse by the margin, or it needs more than `maxPlannedItems`).
 */
export function plannedItems(rates: PairedRates, target: PlanTarget, seed = 0): number | undefined {
  const start = normalApproximationItems(rates, target);
  if (start === undefined) return undefined;
  const reaches = (items: number) => simulatedPower(rates, items, target, seed) >= target.power;
  // A bracket: `high` reaches the target, `low` does not (0 always does not).
  let low = 0;
  let high = Math.max(1, start);
  while (!reaches(high)) {
    low = high;
    high *= 2;
    if (high > maxPlannedItems) return undefined;
  }
  if (low === 0 && high > 1 && reaches(Math.floor(high / 2))) {
    for (high = Math.floor(high / 2); high > 1 && reaches(Math.floor(high / 2)); high = Math.floor(high / 2));
    low = Math.floor(high / 2);
  }
  // To within half a percent: finer than the simulation's own noise.
  while (high - low > Math.max(1, Math.floor(high / 200))) {
    const middle = Math.floor((low + high) / 2);
    if (reaches(middle)) high = middle;
    else low = middle;
  }
  return high;
}
