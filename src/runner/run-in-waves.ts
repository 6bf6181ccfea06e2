import { isPostHoc } from '../routing/create-router.js';
import type { SqliteDatabase } from '../store/open-database.js';
import type { RunStore } from '../store/run-store.js';
import { readFirstSampleGrades, recordSettleLook } from '../store/settle-looks.js';
import type { ConfigurationSpec, Item, LoadedSuite, ResultRecord } from '../types/index.js';
import { forEachConcurrent } from './for-each-concurrent.js';
import type { RunPlan } from './run-settings.js';
import { SettleMonitor, settleOrder, type UntilSettled } from './until-settled.js';

export interface WaveContext {
  suite: LoadedSuite;
  plan: RunPlan;
  database: SqliteDatabase;
  store: RunStore;
  runId: number;
  items: Iterable<Item>;
  concurrency: number;
  shouldStop(): boolean;
  /** Every result the run writes from now on is told to `listener`. */
  observe(listener: (record: ResultRecord) => void): void;
  /** One item through the configurations still asked. */
  answer(item: Item, configurations: ConfigurationSpec[]): Promise<void>;
  /** A wave of this many items starts (`--batch` sends one batch per model per wave). */
  onWave?(size: number): void;
  /** Items in flight at most within a wave: all of them when their answers go to a batch. */
  waveConcurrency?: number;
}

/**
 * `run --until-settled`: the items in the seeded order, a wave at a time;
 * after each wave the settle monitor looks, and the next wave asks only the
 * configurations whose verdict is not settled (with the baseline and the
 * fixed anchors, while any is not). Stops when every contender is settled,
 * the items run out, `maxItems` is reached, or a stop rule says so. A resume
 * takes the same order, rebuilds the sequences from the stored grades, and
 * asks only what is missing. Returns the items taken.
 */
export async function runInWaves(settings: UntilSettled, context: WaveContext): Promise<number> {
  const { store, runId } = context;
  const itemByItem = context.plan.configurations.filter((configuration) => !isPostHoc(configuration));
  const monitor = new SettleMonitor(itemByItem, context.suite.baseline, context.suite.marginPp, (look) => {
    store.flush();
    recordSettleLook(context.database, runId, look);
  });
  store.flush();
  for (const grade of readFirstSampleGrades(context.database, runId)) monitor.onResult({ ...grade, sample: 0, status: grade.status as 'pass' });
  const order = settleOrder(context.items, context.plan.seed);
  const ids = order.map((item) => item.id);
  const limit = Math.min(order.length, settings.maxItems ?? Infinity);
  context.observe((record) => monitor.onResult(record));
  let taken = 0;
  while (taken < limit && !context.shouldStop()) {
    const configurations = monitor.active();
    if (configurations.length === 0) break;
    const wave = order.slice(taken, Math.min(limit, taken + settings.wave));
    context.onWave?.(wave.length);
    await forEachConcurrent(wave, context.waveConcurrency ?? context.concurrency, (item) => context.answer(item, configurations), context.shouldStop);
    // A wave cut short is not looked at: a resume finishes it, then looks.
    if (context.shouldStop()) break;
    taken += wave.length;
    monitor.look(ids, taken);
  }
  return taken;
}

/** `run --batch` without `--until-settled`: the items in dataset order, `size` at a time, each wave all in flight so its answers make one batch per model. */
export async function runPlainWaves(items: Iterable<Item>, size: number, context: Pick<WaveContext, 'shouldStop' | 'onWave'> & { answer(item: Item): Promise<void> }): Promise<void> {
  let wave: Item[] = [];
  const send = async () => {
    context.onWave?.(wave.length);
    await forEachConcurrent(wave, wave.length, (item) => context.answer(item), context.shouldStop);
    wave = [];
  };
  for (const item of items) {
    if (context.shouldStop()) return;
    wave.push(item);
    if (wave.length === size) await send();
  }
  if (wave.length > 0 && !context.shouldStop()) await send();
}
