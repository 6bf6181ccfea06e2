import type { ConfigurationResults, RunData } from '../store/read-run.js';
import { itemMeans } from './item-quality.js';
import { quantile } from './quantile.js';

export interface ConfigurationSummary {
  name: string;
  kind: string;
  /** Items with at least one result. */
  items: number;
  answers: number;
  /** Answers that could not be graded (no answer, or the check could not decide). */
  ungraded: number;
  /** Item x sample slots with no result (an interrupted run). */
  missing: number;
  passRate: number | null;
  meanScore: number | null;
  /** Mean over items of (this - baseline) item quality, in percentage points; items graded in both. */
  qualityDeltaPp: number | null;
  costUsd: number;
  costPerItemUsd: number | null;
  /** Baseline cost / this cost: how many times cheaper. */
  costReduction: number | null;
  /** What this configuration's answers cost this run (answers shared with another configuration or cached cost 0). */
  spentUsd: number;
  cachedAnswers: number;
  frontierShare: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  gradingCostUsd: number;
  /** Cascades: the share of answers escalated past the first model, accepted-but-wrong answers, and escalations the first model did not need. */
  escalationRate?: number;
  falseAccepts?: number;
  needlessEscalations?: number;
}

export function summarizeConfiguration(data: RunData, results: ConfigurationResults, baseline: ConfigurationResults | undefined): ConfigurationSummary {
  const itemCount = data.itemIds.length;
  const repeat = data.run.repeat;
  let answers = 0;
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
  const baselineCost = baseline ? sum(baseline.costUsd) : Number.NaN;
  return {
    name: results.name,
    kind: results.kind,
    items,
    answers,
    ungraded: answers - graded,
    // Against the run's planned items: a stopped run has not even stored the items it never reached.
    missing: Math.max(results.present.length, data.run.itemCount * repeat) - answers,
    passRate: graded === 0 ? null : passes / graded,
    meanScore: graded === 0 ? null : scoreSum / graded,
    qualityDeltaPp: baseline ? pairedDeltaPp(results, baseline, itemCount, repeat) : null,
    costUsd,
    // Per answer: with one sample per item, per item; with --repeat k, runs of any k compare.
    costPerItemUsd: answers === 0 ? null : costUsd / answers,
    costReduction: baseline && costUsd > 0 ? baselineCost / costUsd : null,
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

function sum(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
