import { PairedConfidenceSequence } from '../metrics/stats/confidence-sequence.js';
import { nonInferiorityVerdict, type NonInferiorityLabel } from '../metrics/stats/non-inferiority.js';
import type { ConfigurationResults, RunData } from '../types/index.js';
import { hash32 } from '../util/hash.js';

export interface SettleOptions {
  /** Items per look. */
  waveSize: number;
  marginPp: number;
  /** Of the two-sided confidence sequence (0.05). */
  alpha?: number;
  seed: number;
}

/** One look at one configuration: after `items` items, the confidence sequence's interval. */
export interface SettleLook {
  items: number;
  lowerPp: number;
  upperPp: number;
}

export interface SettledConfiguration {
  configuration: string;
  /** Items it took until the verdict could not change, or the items there were when it never settled. */
  stoppedAfter: number;
  settled: boolean;
  verdict: NonInferiorityLabel;
  intervalPp: { lower: number; upper: number };
  /** What the configuration and the baseline cost on the items taken, and on all of them. */
  costUsd: { taken: number; all: number };
  trace: SettleLook[];
}

export interface SettleReplay {
  runId: number;
  baseline: string;
  marginPp: number;
  items: number;
  waveSize: number;
  configurations: SettledConfiguration[];
}

/**
 * When a run with `--until-settled` would have stopped, replayed on a stored
 * run's answers at no cost: items in a seeded random order (by id), looked at
 * every wave; a configuration is settled once the anytime-valid confidence
 * sequence of its paired difference to the baseline lies wholly above
 * −margin (non-inferior) or wholly below it (inferior). Looking after every
 * wave is what the sequence allows, and a fixed-sample interval does not.
 */
export function replayUntilSettled(data: RunData, options: SettleOptions): SettleReplay {
  const { run } = data;
  const baseline = data.configurations.find((configuration) => configuration.name === run.baseline);
  if (!baseline) throw new RangeError(`the baseline "${run.baseline}" was not run`);
  // Seeded by the run's seed and the ids alone: the same order as a live run of these items would take.
  const order = data.itemIds.map((id, index) => ({ index, key: hash32('settle', options.seed, id) })).sort((a, b) => a.key - b.key || a.index - b.index);
  const routed = data.configurations.filter((configuration) => configuration.name !== run.baseline && configuration.kind !== 'fixed');
  return {
    runId: run.id,
    baseline: baseline.name,
    marginPp: options.marginPp,
    items: data.itemIds.length,
    waveSize: options.waveSize,
    configurations: routed.map((configuration) => settleOne(configuration, baseline, order.map((entry) => entry.index), data.run.repeat, options)),
  };
}

function settleOne(configuration: ConfigurationResults, baseline: ConfigurationResults, order: number[], repeat: number, options: SettleOptions): SettledConfiguration {
  const sequence = new PairedConfidenceSequence(options.alpha ?? 0.05);
  const trace: SettleLook[] = [];
  let taken = 0;
  let takenCost = 0;
  let allCost = 0;
  let stoppedAfter: number | undefined;
  for (const itemIndex of order) {
    // The first sample of each item: one paired outcome per item.
    const index = itemIndex * repeat;
    const cost = configuration.costUsd[index]! + baseline.costUsd[index]!;
    allCost += cost;
    if (stoppedAfter !== undefined) continue;
    taken++;
    takenCost += cost;
    const mine = configuration.pass[index]!;
    const theirs = baseline.pass[index]!;
    // An item not graded on both sides tells nothing of the difference, but was paid for.
    if (!Number.isNaN(mine) && !Number.isNaN(theirs)) sequence.add((mine - theirs) as -1 | 0 | 1);
    if (taken % options.waveSize === 0 || taken === order.length) {
      const interval = sequence.intervalPp();
      trace.push({ items: taken, lowerPp: interval.lower, upperPp: interval.upper });
      if (nonInferiorityVerdict(interval, options.marginPp).label !== 'inconclusive') stoppedAfter = taken;
    }
  }
  const intervalPp = sequence.intervalPp();
  const verdict = nonInferiorityVerdict(intervalPp, options.marginPp).label;
  return { configuration: configuration.name, stoppedAfter: stoppedAfter ?? taken, settled: stoppedAfter !== undefined, verdict, intervalPp,
    costUsd: { taken: takenCost, all: allCost }, trace };
}
