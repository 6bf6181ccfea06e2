import type { RunData, SettleSummary } from '../types/index.js';

/**
 * Per configuration of a run `--until-settled`, from its stored looks: the
 * last look decides, since a settled configuration was looked at no more.
 */
export function settleSummaries(data: RunData): Map<string, SettleSummary> {
  const summaries = new Map<string, SettleSummary>();
  const looks = data.settleLooks;
  if (!looks) return summaries;
  const available = data.run.options.untilSettled?.available ?? data.run.itemCount;
  for (const look of looks) {
    const previous = summaries.get(look.configuration);
    summaries.set(look.configuration, {
      stoppedAfter: look.items, available, settled: look.verdict !== 'inconclusive', intervalPp: [look.lowerPp, look.upperPp], looks: (previous?.looks ?? 0) + 1,
    });
  }
  return summaries;
}

/** "settled non-inferior after 640 of 5,000 items", or why it did not settle. */
export function settleText(settle: SettleSummary, verdict: string | null, wave: number | undefined): string {
  const of = `${settle.stoppedAfter.toLocaleString('en-US')} of ${settle.available.toLocaleString('en-US')} items`;
  const sequence = `anytime-valid interval [${signed(settle.intervalPp[0])}, ${signed(settle.intervalPp[1])}] pp after ${settle.looks} look${settle.looks === 1 ? '' : 's'}${wave ? `, one every ${wave} items` : ''}`;
  return settle.settled ? `settled ${verdict} after ${of} (${sequence})` : `not settled after ${of} (${sequence})`;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;
}
