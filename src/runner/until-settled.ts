import { PairedConfidenceSequence } from '../metrics/stats/confidence-sequence.js';
import { nonInferiorityVerdict } from '../metrics/stats/non-inferiority.js';
import type { SettleLookRecord } from '../store/settle-looks.js';
import type { ConfigurationSpec, Item, Preference, ResultRecord } from '../types/index.js';
import { hash32 } from '../util/hash.js';

/** `run --until-settled`: items in waves of `wave`, at most `maxItems` of them. */
export interface UntilSettled {
  wave: number;
  maxItems?: number;
  /** The items the run could take (set as it starts): what "after 640 of 5,000" counts against. */
  available?: number;
}

/** Items in the seeded order a run `--until-settled` takes them: the order `simulate --until-settled` replays, for the same seed. */
export function settleOrder(items: Iterable<Item>, seed: number): Item[] {
  return [...items].map((item, index) => ({ item, index, key: hash32('settle', seed, item.id) }))
    .sort((a, b) => a.key - b.key || a.index - b.index).map((entry) => entry.item);
}

/** One configuration's first-sample grade of one item, as the difference to the baseline needs it. */
interface Grade {
  pass?: 0 | 1;
  /** A pairwise check's judgement: +1 win, −1 loss, 0 a tie of any kind. */
  preference?: -1 | 0 | 1;
}

const preferenceSign: Record<Preference, -1 | 0 | 1> = { win: 1, loss: -1, tie: 0, split: 0, same: 0 };

/**
 * Decides, after each wave, which configurations still receive items. The
 * contenders are the routed configurations (or, with none, every fixed one
 * but the baseline); after each wave each unsettled contender's paired
 * difference to the baseline over the items taken so far, in the seeded
 * order, is put to the anytime-valid confidence sequence
 * (metrics/stats/confidence-sequence.ts). A contender whose sequence lies
 * wholly above −margin (non-inferior) or below it (inferior) is settled and
 * gets no more items; the baseline, and the fixed configurations the
 * routers are measured against, go on while any contender does. With a
 * pairwise check the difference is the judgement itself (+1 a win, −1 a
 * loss, 0 a tie), the net loss's sign reversed. Every look is handed to
 * `record` (the store keeps the trace).
 */
export class SettleMonitor {
  private readonly grades = new Map<string, Map<string, Grade>>();
  private readonly settledAt = new Map<string, SettleLookRecord>();
  private readonly contenders: string[];
  /** Each unsettled contender's sequence, and how many of the items taken it has been fed: a look feeds only the new wave. */
  private readonly sequences = new Map<string, { sequence: PairedConfidenceSequence; fed: number }>();

  constructor(
    private readonly configurations: readonly ConfigurationSpec[],
    private readonly baseline: string,
    private readonly marginPp: number,
    private readonly record: (look: SettleLookRecord) => void,
  ) {
    const others = configurations.filter((configuration) => configuration.name !== baseline);
    const routed = others.filter((configuration) => configuration.kind !== 'fixed');
    this.contenders = (routed.length > 0 ? routed : others).map((configuration) => configuration.name);
    for (const configuration of configurations) this.grades.set(configuration.name, new Map());
  }

  /** A result written (or read back on a resume): its first sample's grade is kept. */
  onResult(record: Pick<ResultRecord, 'configuration' | 'itemId' | 'sample' | 'status' | 'preference'>): void {
    if (record.sample !== 0) return;
    const grade: Grade = {};
    if (record.status === 'pass' || record.status === 'fail') grade.pass = record.status === 'pass' ? 1 : 0;
    if (record.preference) grade.preference = preferenceSign[record.preference];
    this.grades.get(record.configuration)?.set(record.itemId, grade);
  }

  /** The configurations the next wave asks: the unsettled contenders, and while there are any, the others. */
  active(): ConfigurationSpec[] {
    if (this.unsettled().length === 0) return [];
    return this.configurations.filter((configuration) => !this.settledAt.has(configuration.name));
  }

  unsettled(): string[] {
    return this.contenders.filter((name) => !this.settledAt.has(name));
  }

  /** Looks at every unsettled contender over the first `taken` items of `order` (the seeded order, the same at every look); those settled stop here. */
  look(order: readonly string[], taken: number): void {
    const baseline = this.grades.get(this.baseline)!;
    for (const name of this.unsettled()) {
      const mine = this.grades.get(name)!;
      let state = this.sequences.get(name);
      if (!state) this.sequences.set(name, (state = { sequence: new PairedConfidenceSequence(), fed: 0 }));
      const { sequence } = state;
      for (; state.fed < taken; state.fed++) {
        const itemId = order[state.fed]!;
        const difference = differenceOf(mine.get(itemId), baseline.get(itemId));
        if (difference !== undefined) sequence.add(difference);
      }
      const interval = sequence.intervalPp();
      const look: SettleLookRecord = { configuration: name, items: taken, lowerPp: interval.lower, upperPp: interval.upper,
        verdict: nonInferiorityVerdict(interval, this.marginPp).label };
      this.record(look);
      if (look.verdict !== 'inconclusive') this.settledAt.set(name, look);
    }
  }
}

/** An item tells the difference only when graded on both sides; a pairwise judgement is the difference itself, and no answer is a loss. */
function differenceOf(mine: Grade | undefined, theirs: Grade | undefined): -1 | 0 | 1 | undefined {
  if (mine === undefined) return undefined;
  if (mine.preference !== undefined) return mine.preference;
  if (mine.pass === undefined || theirs?.pass === undefined) return undefined;
  return (mine.pass - theirs.pass) as -1 | 0 | 1;
}
