import type { ConfigurationResults, ConfigurationSummary, RunData } from '../types/index.js';
import { itemMeans } from './item-quality.js';
import { quantile } from './quantile.js';


export function summarizeConfiguration(data: RunData, results: ConfigurationResults, baseline: ConfigurationResults | undefined): ConfigurationSummary {
  const itemCount = data.itemIds.length;
  const repeat = data.run.repeat;
  let answers = 0;
  let answered = 0;
  let answeredCostUsd = 0;
  let graded = 0;
  let passes = 0;
  let scoreSum = 0;
  let costUsd = 0;
  let spentUsd = 0;
  let frontier = 0;
  for (let index = 0; index < results.present.length; index++) {
    if (!results.present[index]) continue;
    answers++;
    costUsd += results.costUsd[index]!;
    if (results.answered[index]) {
      answered++;
      answeredCostUsd += results.costUsd[index]!;
    }
    spentUsd += results.spentUsd[index]!;
    frontier += results.usedFrontier[index]!;
    const pass = results.pass[index]!;
    if (!Number.isNaN(pass)) {
      graded++;
      passes += pass;
      scoreSum += Number.isNaN(results.score[index]!) ? pass : results.score[index]!;
    }
  }
  let items = 0;
  for (let item = 0; item < itemCount; item++) {
    for (let sample = 0; sample < repeat; sample++) {
      if (results.present[item * repeat + sample]) {
        items++;
        break;
      }
    }
  }
  const compared = baseline ? comparedCosts(results, baseline, itemCount, repeat) : undefined;
  const unanswered = [...results.unanswered.values()].reduce((total, count) => total + count, 0);
  // Against the run's planned items: a stopped run has not even stored the items it never reached.
  // A configuration settled early (`--until-settled`) was asked only the items up to its settling.
  const planned = results.settledAfter !== undefined ? results.settledAfter * repeat : Math.max(results.present.length, data.run.itemCount * repeat);
  const missing = planned - answers;
  return {
    name: results.name,
    kind: results.kind,
    items,
    answers,
    ungraded: results.ungraded,
    unanswered,
    unansweredBy: Object.fromEntries([...results.unanswered].sort((a, b) => b[1] - a[1])),
    replayGaps: results.replayGaps,
    missing,
    gapShare: planned === 0 ? 0 : (unanswered + results.ungraded + results.replayGaps + missing) / planned,
    unknownShare: planned === 0 ? 0 : (results.ungraded + results.replayGaps + missing) / planned,
    costComparedItems: compared?.items ?? null,
    passRate: graded === 0 ? null : passes / graded,
    meanScore: graded === 0 ? null : scoreSum / graded,
    qualityDeltaPp: baseline ? pairedDeltaPp(results, baseline, itemCount, repeat) : null,
    costUsd,
    costPerItemUsd: answered === 0 ? null : answeredCostUsd / answered,
    // A baseline that cost nothing (a price still to set) makes no "times cheaper", not 0x.
    costReduction: compared && compared.costUsd > 0 && compared.baselineCostUsd > 0 ? compared.baselineCostUsd / compared.costUsd : null,
    spentUsd,
    cachedAnswers: results.cached,
    frontierShare: answers === 0 ? null : frontier / answers,
    latencyP50Ms: quantile(results.latencyMs, 0.5),
    latencyP95Ms: quantile(results.latencyMs, 0.95),
    gradingCostUsd: results.gradingCostUsd,
    ...(results.cascade
      ? {
          escalationRate: results.cascade.answers === 0 ? 0 : results.cascade.escalated / results.cascade.answers,
          falseAccepts: results.cascade.falseAccepts,
          needlessEscalations: results.cascade.needlessEscalations,
        }
      : {}),
  };
}

/** Mean of per-item quality differences, over items graded in both, in points. */
export function pairedDeltaPp(results: ConfigurationResults, baseline: ConfigurationResults, itemCount: number, repeat: number): number | null {
  const mine = itemMeans(results.pass, itemCount, repeat);
  const theirs = itemMeans(baseline.pass, itemCount, repeat);
  let total = 0;
  let count = 0;
  for (let item = 0; item < itemCount; item++) {
    const difference = mine[item]! - theirs[item]!;
    if (!Number.isNaN(difference)) {
      total += difference;
      count++;
    }
  }
  return count === 0 ? null : (100 * total) / count;
}

/**
 * 1 for the items that both configurations answered in every sample. A failed
 * answer costs nothing, so costs compared over all items would make a failing
 * model look cheap: like quality, cost is compared over the pairs.
 */
export function bothAnswered(results: ConfigurationResults, baseline: ConfigurationResults, itemCount: number, repeat: number): Uint8Array {
  const mask = new Uint8Array(itemCount);
  for (let item = 0; item < itemCount; item++) {
    let both = 1;
    for (let sample = 0; sample < repeat; sample++) {
      const index = item * repeat + sample;
      if (!results.answered[index] || !baseline.answered[index]) both = 0;
    }
    mask[item] = both;
  }
  return mask;
}

function comparedCosts(results: ConfigurationResults, baseline: ConfigurationResults, itemCount: number, repeat: number) {
  const mask = bothAnswered(results, baseline, itemCount, repeat);
  let items = 0;
  let costUsd = 0;
  let baselineCostUsd = 0;
  for (let item = 0; item < itemCount; item++) {
    if (!mask[item]) continue;
    items++;
    for (let sample = 0; sample < repeat; sample++) {
      costUsd += results.costUsd[item * repeat + sample]!;
      baselineCostUsd += baseline.costUsd[item * repeat + sample]!;
    }
  }
  return { items, costUsd, baselineCostUsd };
}
