import { routingAnchors } from '../metrics/routing-anchors.js';
import type { Anchors, ConfigurationResults, ConfigurationSummary, Curve, Headline, PairwiseSummary, Report, ReportConfiguration, RunData } from '../types/index.js';
import {
  averageImprovementInQuality, averagePerformanceGapRecovered, callPerformanceThreshold, countDiscordantPairs, DEFAULT_RESAMPLES,
  exactMcNemarPValue, nonInferiorityVerdict, oracleGapClosed, paretoFrontier, performanceGapRecovered, type ConfigurationIntervals,
} from '../metrics/stats/index.js';
import { comparisonIntervals, intervalMethod } from '../metrics/comparison-intervals.js';
import { pairwiseSummary } from '../metrics/pairwise.js';
import { settleSummaries, settleText } from './settle-summaries.js';
import { servedBy } from '../metrics/served-models.js';
import { summarizeConfiguration } from '../metrics/summarize.js';
import { tagBreakdown } from '../metrics/tag-breakdown.js';
import { modelLandscape } from '../metrics/model-landscape.js';

export interface ReportOptions {
  /** Bootstrap resamples of the quality interval; 10,000 by default. */
  resamples?: number;
  /** Resamples of the cost-reduction interval; 1,000 by default (it costs a pass over the items each). */
  costResamples?: number;
  /** Resample within strata of the items' first tag. */
  stratifyByTag?: boolean;
  /** Curves of the sweepable configurations, computed from stored answers by the caller. */
  curves?: Curve[];
  warnings?: string[];
  /**
   * A verdict is inconclusive when more than this share (in percent) of either side's planned
   * answers lacks a graded answer; default the run's `max_gap_pct`, else 2.
   */
  maxGapPct?: number;
}

const confidenceLevel = 0.95;
const defaultMaxGapPct = 2;
const defaultCostResamples = 1_000;

/** The report of a stored run: a pure function of its data. */
export function buildReport(data: RunData, options: ReportOptions = {}): Report {
  const { run } = data;
  const itemCount = data.itemIds.length;
  const repeat = run.repeat;
  const warnings: string[] = [...(options.warnings ?? [])];
  const baseline = data.configurations.find((configuration) => configuration.name === run.baseline);
  const summaries = data.configurations.map((configuration) => summarizeConfiguration(data, configuration, baseline));
  if (!baseline) warnings.push(`the baseline "${run.baseline}" was not run: no quality change or cost reduction to show`);
  if (run.status !== 'complete') warnings.push(`run ${run.id} is ${run.status}: some items have no result; numbers cover what finished`);

  for (const summary of summaries) {
    const lacking = describeGaps(summary);
    if (lacking) warnings.push(`${summary.name}: ${lacking}`);
  }
  warnings.push(...answerNoteWarnings(data));
  const maxGapPct = options.maxGapPct ?? run.options.maxGapPct ?? defaultMaxGapPct;
  const baselineSummary = summaries.find((summary) => summary.name === run.baseline);
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const costResamples = Math.min(options.costResamples ?? defaultCostResamples, resamples);
  const qualityInterval = intervalMethod(data.run.repeat, options.stratifyByTag ?? false);
  const intervals = baseline ? comparisonIntervals(data, baseline, { resamples, costResamples, stratify: options.stratifyByTag ?? false, confidenceLevel }) : new Map<string, ConfigurationIntervals>();
  // Each configuration is measured between its own pair of models; `anchors` is the suite's span.
  const routing = routingAnchors(data, summaries);
  warnings.push(...routing.warnings);
  const anchors = routing.suite;
  const oracle = routing.suiteOracle;
  const curves = options.curves ?? [];
  // An answer never given costs nothing: a configuration missing many would sit cheap on the chart. Its cost is
  // unknown, not $0, so such configurations are left out of the Pareto frontier and have no AIQ.
  const uncosted = new Set(summaries.filter((summary) => summary.unanswered + summary.replayGaps + summary.missing > 0 && summary.gapShare > maxGapPct / 100)
    .map((summary) => summary.name));
  for (const name of uncosted) warnings.push(`${name}: too many answers missing to place its cost: left out of AIQ and the Pareto frontier; compare its cost reduction, which is over the items both answered`);
  const pareto = paretoFrontier(
    summaries.flatMap((summary) => (summary.passRate === null || uncosted.has(summary.name) ? [] : [{ name: summary.name, costUsd: summary.costUsd, quality: summary.passRate }])),
  );

  // A pairwise suite's verdict is on the net loss against the reference answers, where the pass rate counts no win.
  const pairwise = data.configurations.flatMap((results) => pairwiseSummary(results, run.marginPp, confidenceLevel) ?? []);
  const pairwiseOf = new Map(pairwise.map((summary) => [summary.configuration, summary]));
  // A run --until-settled looked after every wave: only its confidence sequence's interval is valid for the verdict.
  const settles = settleSummaries(data);
  for (const summary of pairwise) {
    const settle = settles.get(summary.configuration);
    // The sequence's difference is wins minus losses: the net loss's interval, reversed.
    if (settle) Object.assign(summary, { netLossCi95Pp: [-settle.intervalPp[1], -settle.intervalPp[0]], verdict: nonInferiorityVerdict({ lower: settle.intervalPp[0], upper: settle.intervalPp[1] }, run.marginPp).label });
  }
  const configurations: ReportConfiguration[] = data.configurations.map((results, position) => {
    const summary = summaries[position]!;
    const interval = intervals.get(summary.name);
    const isBaseline = summary.name === run.baseline;
    const quality = summary.passRate;
    const curve = curves.find((each) => each.configuration === summary.name);
    const judged = pairwiseOf.get(summary.name);
    const settle = settles.get(summary.name);
    const sequential = settle ? nonInferiorityVerdict({ lower: settle.intervalPp[0], upper: settle.intervalPp[1] }, run.marginPp) : null;
    const measured = sequential ?? (judged && !judged.selfReference ? { nonInferior: judged.verdict === 'non-inferior', label: judged.verdict }
      : interval?.qualityDeltaPp ? nonInferiorityVerdict(interval.qualityDeltaPp, run.marginPp) : null);
    const gapped = isBaseline || !measured ? undefined : gappedSide(measured.label, [summary, baselineSummary], maxGapPct);
    // A verdict built on a gap would say more than the data does.
    const verdict = gapped ? { nonInferior: false, label: 'inconclusive' as const } : measured;
    const own = routing.byConfiguration.get(summary.name) ?? null;
    const metrics = own && quality !== null ? routingMetrics(own, quality, summary, curve) : undefined;
    const served = data.servedModels && servedBy(summary.name, data.servedModels);
    return {
      ...summary,
      // With a pairwise check, the quality change is wins minus losses against the reference: what the verdict is on.
      ...(netOf(judged) ? { qualityDeltaPp: netOf(judged)!.pp } : {}),
      qualityDeltaCi95Pp: netOf(judged)?.interval ?? (settle ? settle.intervalPp : interval?.qualityDeltaPp ? [interval.qualityDeltaPp.lower, interval.qualityDeltaPp.upper] : null),
      costReductionCi95: interval?.costReduction ? [interval.costReduction.lower, interval.costReduction.upper] : null,
      nonInferior: isBaseline ? null : (verdict?.nonInferior ?? null),
      nonInferiority: isBaseline ? null : (verdict?.label ?? null),
      inconclusiveBecause: gapped ? `${percentOf(gapped.gapShare)} of ${gapped.name}'s answers ${gapped.name === run.baseline ? '(the baseline) ' : ''}are missing or ungraded (${gapSummary(gapped)}), above the ${maxGapPct}% allowed (max_gap_pct)` : null,
      mcnemarP: !isBaseline && baseline && repeat === 1 ? mcnemar(results, baseline) : null,
      anchors: own,
      pgr: metrics?.pgr ?? null,
      costShare: metrics?.costShare ?? null,
      apgr: metrics?.apgr ?? null,
      cpt50: metrics?.cpt50 ?? null,
      cpt80: metrics?.cpt80 ?? null,
      aiq: own && !uncosted.has(summary.name) && !uncosted.has(own.cheap) && !uncosted.has(own.frontier) ? (metrics?.aiq ?? null) : null,
      oracleGapClosed: own?.oracleQuality != null && quality !== null ? oracleGapClosed(quality, { cheapQuality: own.cheapQuality, oracleQuality: own.oracleQuality }).value : null,
      paretoOptimal: pareto.includes(summary.name),
      selfDisagreement: repeat > 1 ? selfDisagreement(results, itemCount, repeat) : null,
      ...(settle ? { settle } : {}),
      ...(served ? { servedBy: served } : {}),
    };
  });

  const tags = tagBreakdown(data);
  const landscape = modelLandscape(summaries, curves, tags, data.itemTags, uncosted);
  const baselineRow = configurations.find((configuration) => configuration.name === run.baseline);
  const headlines: Headline[] = baselineRow
    ? configurations
        // A black-box router is one model to the suite, but chooses among many: it gets a headline as a router does.
        .filter((configuration) => configuration.name !== run.baseline && (configuration.kind !== 'fixed' || (configuration.servedBy?.otherThanAsked ?? 0) > 0))
        .map((configuration) => {
          const text = headlineText(configuration, baselineRow, run.marginPp, pairwiseOf.get(configuration.name));
          const settle = configuration.settle ? `; ${settleText(configuration.settle, configuration.nonInferiority, run.options.untilSettled?.wave)}` : '';
          return { configuration: configuration.name, text: `${text}${settle}` };
        })
    : [];
  return {
    schemaVersion: 1,
    run: {
      id: run.id,
      suite: run.suiteName,
      suiteVersion: run.suiteVersion,
      suiteHash: run.suiteHash,
      status: run.status,
      kind: run.kind,
      parentRunId: run.parentRunId,
      items: Math.max(itemCount, run.itemCount),
      repeat,
      seed: run.seed,
      toolVersion: run.toolVersion,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      spentUsd: data.spentUsd,
      calls: data.calls,
      failedCalls: data.failedCalls,
      // Its OpenAI and Anthropic answers were priced at the batch APIs' half: compare its costs with a live run's knowingly.
      ...(run.options.batch ? { batched: true } : {}),
    },
    baseline: run.baseline,
    frontier: run.frontier,
    marginPp: run.marginPp,
    statistics: { resamples, costResamples, seed: run.seed, confidenceLevel, stratifiedBy: options.stratifyByTag ? 'tag' : null, qualityInterval },
    configurations,
    anchors,
    oracle,
    paretoFrontier: pareto,
    curves,
    tags,
    ...(landscape ? { manyModels: landscape } : {}),
    headlines,
    ...(pairwise.length > 0 ? { pairwise } : {}),
    warnings,
  };
}


function routingMetrics(anchors: Anchors, quality: number, summary: ConfigurationSummary, curve: Curve | undefined) {
  const qualityAnchors = { cheapQuality: anchors.cheapQuality, frontierQuality: anchors.frontierQuality };
  const span = anchors.frontierCostUsd - anchors.cheapCostUsd;
  const costShare = span > 0 ? (summary.costUsd - anchors.cheapCostUsd) / span : null;
  const points = curve ? curve.points.map((point) => ({ costUsd: point.costUsd, quality: point.quality })) : [{ costUsd: summary.costUsd, quality }];
  let aiq: number | null = null;
  if (span > 0) {
    aiq = averageImprovementInQuality(points, {
      cheap: { costUsd: anchors.cheapCostUsd, quality: anchors.cheapQuality },
      frontier: { costUsd: anchors.frontierCostUsd, quality: anchors.frontierQuality },
    }).value;
  }
  // APGR and CPT read a curve by its share of calls to the one strong model: defined for two-model routers, not over N (lambda).
  const routingCurve = curve && curve.parameter !== 'lambda' ? curve.points.map((point) => ({ frontierShare: point.frontierShare, quality: point.quality })) : undefined;
  return {
    pgr: performanceGapRecovered(quality, qualityAnchors).value,
    costShare,
    apgr: routingCurve ? averagePerformanceGapRecovered(routingCurve, qualityAnchors).value : null,
    cpt50: routingCurve ? callPerformanceThreshold(routingCurve, qualityAnchors, 0.5).value : null,
    cpt80: routingCurve ? callPerformanceThreshold(routingCurve, qualityAnchors, 0.8).value : null,
    aiq,
  };
}

function mcnemar(results: ConfigurationResults, baseline: ConfigurationResults): number | null {
  const mine: number[] = [];
  const theirs: number[] = [];
  for (let index = 0; index < results.pass.length; index++) {
    const a = results.pass[index]!;
    const b = baseline.pass[index]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    mine.push(a);
    theirs.push(b);
  }
  if (mine.length === 0) return null;
  const pairs = countDiscordantPairs(Float64Array.from(mine), Float64Array.from(theirs));
  return exactMcNemarPValue(pairs);
}

/** The share of items (with two or more graded samples) whose samples did not all get the same grade. */
function selfDisagreement(results: ConfigurationResults, itemCount: number, repeat: number): number | null {
  let items = 0;
  let disagreeing = 0;
  for (let item = 0; item < itemCount; item++) {
    let passes = 0;
    let graded = 0;
    for (let sample = 0; sample < repeat; sample++) {
      const value = results.pass[item * repeat + sample]!;
      if (Number.isNaN(value)) continue;
      graded++;
      passes += value;
    }
    if (graded < 2) continue;
    items++;
    if (passes !== 0 && passes !== graded) disagreeing++;
  }
  return items === 0 ? null : disagreeing / items;
}

/** A pairwise configuration's wins minus losses in points, with its interval: the net loss turned round. */
function netOf(judged: PairwiseSummary | undefined): { pp: number; interval: [number, number] } | undefined {
  if (!judged || judged.selfReference) return undefined;
  return { pp: -judged.netLossPp, interval: [-judged.netLossCi95Pp[1], -judged.netLossCi95Pp[0]] };
}

function headlineText(configuration: ReportConfiguration, baseline: ReportConfiguration, marginPp: number, judged?: PairwiseSummary): string {
  let cheaper: string;
  if (configuration.costReduction === null) cheaper = 'cost unknown';
  else {
    const interval = configuration.costReductionCi95;
    const ci = (low: number, high: number) => (interval ? ` (95% CI ${low.toFixed(1)}–${high.toFixed(1)}x)` : '');
    // "Dearer" says how many times the baseline's cost: its interval is the reduction's, turned round.
    cheaper =
      configuration.costReduction >= 1
        ? `${configuration.costReduction.toFixed(1)}x cheaper than ${baseline.name}${ci(interval?.[0] ?? 0, interval?.[1] ?? 0)}`
        : `${(1 / configuration.costReduction).toFixed(1)}x dearer than ${baseline.name}${ci(1 / (interval?.[1] ?? 1), 1 / (interval?.[0] ?? 1))}`;
  }
  let quality = `quality ${percent(configuration.passRate)} vs ${percent(baseline.passRate)}`;
  let delta = '';
  if (judged && !judged.selfReference) {
    quality = `against the reference answers ${percent(judged.winRate.rate)} won, ${percent(judged.tieRate.rate)} tied, ${percent(judged.lossRate.rate)} lost`;
    delta = ` (net loss ${signed(judged.netLossPp)} pp, 95% CI ${signed(judged.netLossCi95Pp[0])} to ${signed(judged.netLossCi95Pp[1])})`;
  } else if (configuration.qualityDeltaPp !== null) {
    const ci = configuration.qualityDeltaCi95Pp ? `, 95% CI ${signed(configuration.qualityDeltaCi95Pp[0])} to ${signed(configuration.qualityDeltaCi95Pp[1])}` : '';
    delta = ` (${signed(configuration.qualityDeltaPp)} pp${ci})`;
  }
  const margin = `${marginPp.toFixed(1)} pp margin`;
  const verdict =
    configuration.nonInferiority === 'non-inferior'
      ? `: no quality loss beyond the ${margin} (non-inferior)`
      : configuration.nonInferiority === 'inferior'
        ? `: quality loss beyond the ${margin} (inferior)`
        : configuration.nonInferiority === 'inconclusive'
          ? configuration.inconclusiveBecause
            ? `: inconclusive: ${configuration.inconclusiveBecause}`
            : judged ? `: inconclusive at the ${margin} (the interval reaches above +${marginPp.toFixed(1)} pp of net loss; more items would tell)`
              : `: inconclusive at the ${margin} (the interval reaches below -${marginPp.toFixed(1)} pp; more items would tell)`
          : '';
  return `${configuration.name}: ${cheaper}, ${quality}${delta}${verdict}`;
}

/**
 * The side whose gaps could overturn the verdict, if any. "Non-inferior" is withheld when either
 * side lacks more than the allowed share of graded answers, whatever the kind of gap. "Inferior"
 * stands on answers never given, which are the fails a user of the configuration would get (and
 * which, on the baseline's side, only flatter the configuration); only gaps of unknown outcome
 * (ungraded, not recorded, not run) withhold it.
 */
function gappedSide(label: string, sides: Array<ConfigurationSummary | undefined>, maxGapPct: number): ConfigurationSummary | undefined {
  if (label === 'inconclusive') return undefined;
  const share = (side: ConfigurationSummary) => (label === 'inferior' ? side.unknownShare : side.gapShare);
  return sides.find((side) => side !== undefined && share(side) > maxGapPct / 100);
}

/** What a configuration lacks and why, in one clause; undefined when it lacks nothing. */
function describeGaps(summary: ConfigurationSummary): string | undefined {
  const parts: string[] = [];
  if (summary.unanswered > 0) {
    parts.push(`${summary.unanswered} of ${summary.answers} answers were never given (${byKind(summary.unansweredBy)}) and count as fails`);
  }
  if (summary.replayGaps > 0) parts.push(`${summary.replayGaps} ${summary.replayGaps === 1 ? 'item has' : 'items have'} no recorded answer to replay`);
  if (summary.ungraded > 0) parts.push(`${summary.ungraded} answers could not be graded (a judge or check that could not decide)`);
  if (parts.length === 0) return undefined;
  const graded = summary.answers - summary.ungraded - summary.replayGaps;
  const costs = summary.costComparedItems === null || summary.unanswered + summary.replayGaps === 0 ? ''
    : `; cost is compared over the ${summary.costComparedItems} items it and the baseline both answered`;
  return `${parts.join('; ')}; its pass rate covers ${graded} answers${costs}`;
}

function gapSummary(summary: ConfigurationSummary): string {
  const parts: string[] = [];
  if (summary.unanswered > 0) parts.push(`${summary.unanswered} unanswered: ${byKind(summary.unansweredBy)}`);
  if (summary.ungraded > 0) parts.push(`${summary.ungraded} ungraded`);
  if (summary.replayGaps > 0) parts.push(`${summary.replayGaps} replay gaps`);
  if (summary.missing > 0) parts.push(`${summary.missing} not run`);
  return parts.join(', ');
}

function byKind(counts: Record<string, number>): string {
  return Object.entries(counts).map(([kind, count]) => `${count} × ${kind}`).join(', ');
}

function percentOf(share: number): string {
  return `${(100 * share).toFixed(share < 0.1 ? 1 : 0)}%`;
}

export function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(100 * value).toFixed(1)}%`;
}

export function signed(value: number): string {
  const rounded = value.toFixed(1);
  if (rounded === '-0.0') return '0.0';
  return value >= 0 ? `+${rounded}` : rounded;
}

/** What the grades do not show: costs from estimated or implausible usage, answers cut off or filtered. */
function answerNoteWarnings(data: RunData): string[] {
  const warnings: string[] = [];
  for (const { model, answers, estimated, implausible, example } of data.notes?.models ?? []) {
    if (implausible > 0) {
      warnings.push(`${model}: ${implausible} of ${answers} answers report usage the request could not produce (${example}): their cost is the provider's figure, so the spend may be wrong`);
    }
    if (estimated > 0) {
      warnings.push(`${model}: the provider reported no usage for ${estimated} of ${answers} answers: their tokens were counted with the o200k tokenizer, so their cost is an estimate`);
    }
  }
  for (const { configuration, cutOff, filtered } of data.notes?.configurations ?? []) {
    const answers = (count: number) => `${count} answer${count === 1 ? '' : 's'}`;
    const parts = [cutOff > 0 ? `${answers(cutOff)} cut off at max_tokens` : '', filtered > 0 ? `${answers(filtered)} stopped by a content filter` : ''].filter(Boolean);
    if (parts.length > 0) warnings.push(`${configuration}: ${parts.join(', ')} (graded as they are)`);
  }
  return warnings;
}
