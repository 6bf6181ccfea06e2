import { differencePp, marginShownBy, pairedRatesOf, plannedItems, type PairedRates } from '../metrics/stats/sample-size.js';
import { pairedTable } from '../metrics/comparison-intervals.js';
import type { ConfigurationResults, RunData } from '../types/index.js';

/** What `route-bench plan` says of one routed configuration against the baseline. */
export interface ConfigurationPlan {
  configuration: string;
  /** Items both graded in the run the plan reads (a pilot, or any run). */
  pairedItems: number;
  /** Items where exactly one of the pair passed: the ones that carry the comparison. */
  discordant: number;
  observedDeltaPp: number;
  /** Per power asked for: the items needed, or null when no number of items would do. */
  needs: Array<{ power: number; items: number | null; costUsd: number | null; baselineCostUsd: number | null }>;
  /** The smallest margin the suite's items show at the first power, when the suite is known to be too small. */
  suiteMarginPp: number | null;
  note: string;
}

export interface SampleSizePlan {
  runId: number;
  baseline: string;
  marginPp: number;
  /** How many items the suite has, when the run tells (a full run, or the suite a pilot was drawn from). */
  suiteItems: number | null;
  configurations: ConfigurationPlan[];
}

export interface PlanOptions {
  powers: number[];
  marginPp?: number;
  suiteItems?: number;
}

/**
 * From the paired outcomes of a stored run (a pilot of the suite, typically),
 * the items each routed configuration needs for the report's verdict to say
 * "non-inferior" at the margin with each power, if its observed rates are the
 * true ones, and what that many items would cost (metrics/stats/sample-size.ts).
 */
export function planSampleSize(data: RunData, options: PlanOptions): SampleSizePlan {
  const { run } = data;
  const marginPp = options.marginPp ?? run.marginPp;
  const baseline = data.configurations.find((configuration) => configuration.name === run.baseline);
  if (!baseline) throw new RangeError(`the baseline "${run.baseline}" was not run`);
  const fullRun = run.options.limit === null && !run.options.sample && !run.options.shard;
  const suiteItems = options.suiteItems ?? (fullRun ? data.itemIds.length : null);
  const routed = data.configurations.filter((configuration) => configuration.name !== run.baseline && configuration.kind !== 'fixed');
  const candidates = routed.length > 0 ? routed : data.configurations.filter((configuration) => configuration.name !== run.baseline);
  return {
    runId: run.id,
    baseline: baseline.name,
    marginPp,
    suiteItems,
    configurations: candidates.map((configuration) => planOne(configuration, baseline, { powers: options.powers, marginPp, suiteItems, seed: run.seed })),
  };
}

interface PlanContext {
  powers: number[];
  marginPp: number;
  suiteItems: number | null;
  seed: number;
}

function planOne(configuration: ConfigurationResults, baseline: ConfigurationResults, options: PlanContext): ConfigurationPlan {
  // The table the report's verdict is read from, and the cost per item of the same items.
  const table = pairedTable(configuration, baseline);
  let configurationCost = 0;
  let baselineCost = 0;
  for (let index = 0; index < configuration.pass.length; index++) {
    if (Number.isNaN(configuration.pass[index]!) || Number.isNaN(baseline.pass[index]!)) continue;
    configurationCost += configuration.costUsd[index]!;
    baselineCost += baseline.costUsd[index]!;
  }
  const pairedItems = table.bothPass + table.onlyFirst + table.onlySecond + table.bothFail;
  const base = { configuration: configuration.name, pairedItems, discordant: table.onlyFirst + table.onlySecond };
  if (pairedItems === 0) {
    return { ...base, observedDeltaPp: 0, needs: [], suiteMarginPp: null, note: 'no item graded on both sides: nothing to plan from' };
  }
  const rates = pairedRatesOf(table);
  const needs = options.powers.map((power) => {
    const items = plannedItems(rates, { marginPp: options.marginPp, power }, options.seed) ?? null;
    return { power, items, costUsd: items === null ? null : (configurationCost / pairedItems) * items,
      baselineCostUsd: items === null ? null : (baselineCost / pairedItems) * items };
  });
  const observedDeltaPp = differencePp(rates);
  const first = needs[0];
  const tooSmall = options.suiteItems !== null && first !== undefined && (first.items === null || first.items > options.suiteItems);
  const suiteMarginPp = tooSmall ? marginShownBy(rates, options.suiteItems!, { power: first.power }) : null;
  const rough = base.discordant < 10 ? `; only ${base.discordant} discordant item${base.discordant === 1 ? '' : 's'} seen, so the plan is rough: a larger pilot firms it up` : '';
  return { ...base, observedDeltaPp, needs, suiteMarginPp, note: `${noteOf(rates, options, first, suiteMarginPp)}${rough}` };
}

function noteOf(rates: PairedRates, options: { marginPp: number; suiteItems: number | null }, first: ConfigurationPlan['needs'][number] | undefined,
  suiteMarginPp: number | null): string {
  const observed = differencePp(rates);
  if (first === undefined) return '';
  if (first.items === null) {
    return observed <= -options.marginPp
      ? `it is ${(-observed).toFixed(1)} pp worse here, beyond the ${options.marginPp} pp margin: no number of items shows it non-inferior`
      : `it needs more than 10 million items at a ${options.marginPp} pp margin`;
  }
  if (options.suiteItems === null) return `the suite's size is not known from this run: compare ${first.items.toLocaleString('en-US')} with it`;
  if (suiteMarginPp === null) return `the suite's ${options.suiteItems.toLocaleString('en-US')} items are enough`;
  return `this suite cannot show non-inferiority at ${options.marginPp} pp: it needs ~${first.items.toLocaleString('en-US')} items, or a ${suiteMarginPp.toFixed(1)} pp margin`;
}
