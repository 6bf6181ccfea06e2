import type { ConfigurationResults, RunData } from '../types/index.js';
import { itemMeans, itemSums } from './item-quality.js';
import { pairedBootstrap, type ConfigurationIntervals } from './stats/bootstrap.js';
import { pairedProportionInterval } from './stats/paired-proportion-interval.js';
import { bothAnswered } from './summarize.js';

/** How the quality-difference interval was computed; the report says which. */
export type QualityIntervalMethod = 'newcombe-hybrid-score' | 'paired-bootstrap';

/**
 * With one pass/fail grade per item, the paired difference is a difference
 * of two proportions on the same items, for which a score interval with
 * known small-sample coverage exists (Newcombe 1998, method 10). With
 * repeats (item qualities k/n) or strata, the paired bootstrap.
 */
export function intervalMethod(repeat: number, stratify: boolean): QualityIntervalMethod {
  return repeat === 1 && !stratify ? 'newcombe-hybrid-score' : 'paired-bootstrap';
}

export interface IntervalOptions {
  resamples: number;
  costResamples: number;
  stratify: boolean;
  confidenceLevel: number;
}

/**
 * Every other configuration against the baseline: the interval of the
 * quality difference (in points) and of the cost reduction (a bootstrap of
 * the ratio of sums, over the items both answered).
 */
export function comparisonIntervals(data: RunData, baseline: ConfigurationResults, options: IntervalOptions): Map<string, ConfigurationIntervals> {
  const itemCount = data.itemIds.length;
  const repeat = data.run.repeat;
  const outcomes = (results: ConfigurationResults) => ({
    itemQuality: itemMeans(results.pass, itemCount, repeat),
    itemCostUsd: itemSums(results.costUsd, itemCount, repeat),
  });
  let strata: Int32Array | undefined;
  if (options.stratify) {
    const index = new Map<string, number>();
    strata = Int32Array.from(data.itemTags, (tags) => {
      const key = tags[0] ?? '';
      if (!index.has(key)) index.set(key, index.size);
      return index.get(key)!;
    });
  }
  const others = data.configurations.filter((configuration) => configuration !== baseline);
  const intervals = pairedBootstrap({
    baseline: outcomes(baseline),
    configurations: others.map((configuration) => ({ name: configuration.name, ...outcomes(configuration),
      costMask: bothAnswered(configuration, baseline, itemCount, repeat) })),
    strata,
    resamples: options.resamples,
    costResamples: options.costResamples,
    seed: data.run.seed,
    confidenceLevel: options.confidenceLevel,
  });
  const byName = new Map(intervals.map((interval) => [interval.name, interval]));
  for (const configuration of others) {
    const interval = byName.get(configuration.name)!;
    const score = pairedProportionInterval(pairedTable(configuration, baseline, repeat), options.confidenceLevel);
    const newcombe = score === null ? null : { estimate: 100 * score.estimate, lower: 100 * score.lower, upper: 100 * score.upper };
    const stratified = interval.qualityDeltaPp;
    // Stratified, with one grade per item, the percentile bootstrap collapses where few items are discordant
    // (one discordant item gave [+0.0, +6.0] on 50 items): it is widened to cover Newcombe's interval, never narrower.
    // With --repeat, the same collapse on few items: five items passed every time gave [+0.0, +0.0] and "non-inferior".
    // The floor is Newcombe's interval on the items' first samples: k samples of one item are not k items.
    const widened = repeat !== 1 || options.stratify;
    interval.qualityDeltaPp = !widened ? newcombe : stratified === null || newcombe === null ? (repeat === 1 ? newcombe : stratified)
      : { estimate: stratified.estimate, lower: Math.min(stratified.lower, newcombe.lower), upper: Math.max(stratified.upper, newcombe.upper) };
  }
  return byName;
}

/** The 2x2 table of two configurations over the items graded in both (one grade per item: with --repeat, its first sample). */
export function pairedTable(results: ConfigurationResults, baseline: ConfigurationResults, repeat = 1) {
  const table = { bothPass: 0, onlyFirst: 0, onlySecond: 0, bothFail: 0 };
  for (let index = 0; index < results.pass.length; index += repeat) {
    const mine = results.pass[index]!;
    const theirs = baseline.pass[index]!;
    if (Number.isNaN(mine) || Number.isNaN(theirs)) continue;
    if (mine === 1 && theirs === 1) table.bothPass++;
    else if (mine === 1) table.onlyFirst++;
    else if (theirs === 1) table.onlySecond++;
    else table.bothFail++;
  }
  return table;
}
