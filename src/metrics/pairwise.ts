import type { ConfigurationResults, PairwiseSummary, Preference, RateWithInterval } from '../types/index.js';
import { nonInferiorityVerdict, type NonInferiorityLabel } from './stats/non-inferiority.js';
import { pairedProportionInterval, wilson } from './stats/paired-proportion-interval.js';
import { normalQuantile } from './stats/normal-quantile.js';
import { agreement, type AgreementTable } from './stats/cohens-kappa.js';

/** A stored preference as a number in `ConfigurationResults.preference`: 0 where there is none. */
export const preferenceCodes: Record<Preference, number> = { win: 1, tie: 2, loss: 3, split: 4, same: 5 };

/**
 * A configuration's answers against the reference answers, from the
 * `pairwise` check's judgement of each (`ConfigurationResults.preference`).
 * The verdict is on the net loss rate, losses minus wins with ties at zero:
 * per item the pair (lost, won) is two exclusive binary outcomes on the same
 * item, so the difference of their rates has Newcombe's paired interval
 * (method 10, Newcombe 1998), as the pass-rate difference does; the rates
 * alone get Wilson's (1927). Answers never given are losses; answers that
 * could not be graded and items without a judgement are left out. Null when
 * no result of the configuration has a judgement.
 */
export function pairwiseSummary(results: ConfigurationResults, marginPp: number, confidenceLevel = 0.95): PairwiseSummary | null {
  const preference = results.preference;
  if (!preference) return null;
  let wins = 0;
  let ties = 0;
  let losses = 0;
  let splits = 0;
  let same = 0;
  let unanswered = 0;
  const labels = results.labelPass;
  const table: AgreementTable = { bothYes: 0, onlyFirst: 0, onlySecond: 0, bothNo: 0 };
  for (let index = 0; index < preference.length; index++) {
    const code = preference[index]!;
    const label = labels?.[index] ?? 0;
    // The judge says "not worse than the reference"; the label says "right". Judged answers with a label only.
    if (code !== 0 && label !== 0) {
      const judgeYes = code !== preferenceCodes.loss;
      const labelYes = label === 2;
      if (judgeYes && labelYes) table.bothYes++;
      else if (judgeYes) table.onlyFirst++;
      else if (labelYes) table.onlySecond++;
      else table.bothNo++;
    }
    if (code === preferenceCodes.win) wins++;
    else if (code === preferenceCodes.tie) ties++;
    else if (code === preferenceCodes.loss) losses++;
    else if (code === preferenceCodes.split) {
      ties++;
      splits++;
    } else if (code === preferenceCodes.same) {
      ties++;
      same++;
    } else if (results.present[index] === 1 && results.answered[index] === 0 && results.pass[index] === 0) {
      losses++;
      unanswered++;
    }
  }
  const compared = wins + ties + losses;
  if (compared === 0) return null;
  const z = normalQuantile(1 - (1 - confidenceLevel) / 2);
  const rate = (count: number): RateWithInterval => ({ rate: count / compared, ci95: wilson(count, compared, z) });
  // Wins as the first configuration's only passes, losses as the second's: the interval is on (wins − losses).
  const net = pairedProportionInterval({ bothPass: 0, onlyFirst: wins, onlySecond: losses, bothFail: ties }, confidenceLevel)!;
  const interval = { lower: net.lower * 100, upper: net.upper * 100 };
  return {
    configuration: results.name, compared, wins, ties, losses, splits, same, unanswered,
    winRate: rate(wins), tieRate: rate(ties), lossRate: rate(losses),
    netLossPp: -net.estimate * 100, netLossCi95Pp: [-interval.upper, -interval.lower],
    verdict: nonInferiorityVerdict(interval, marginPp).label,
    selfReference: same === compared,
    labels: labels ? agreement(table) : null,
  };
}
