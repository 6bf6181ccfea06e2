import { summarizeConfiguration } from '../metrics/summarize.js';
import type { RunData } from '../store/read-run.js';
import type { Headline, Report } from './types.js';

/** The report of a stored run: a pure function of its data. */
export function buildReport(data: RunData): Report {
  const { run } = data;
  const baseline = data.configurations.find((configuration) => configuration.name === run.baseline);
  const configurations = data.configurations.map((configuration) => summarizeConfiguration(data, configuration, baseline));
  const warnings: string[] = [];
  if (!baseline) warnings.push(`the baseline "${run.baseline}" was not run: no quality change or cost reduction to show`);
  if (run.status !== 'complete') {
    warnings.push(`run ${run.id} is ${run.status}: some items have no result; numbers cover what finished`);
  }
  const baselineSummary = configurations.find((configuration) => configuration.name === run.baseline);
  const headlines: Headline[] = [];
  for (const configuration of configurations) {
    if (configuration.name === run.baseline || configuration.kind === 'fixed' || !baselineSummary) continue;
    headlines.push({ configuration: configuration.name, text: headlineText(configuration, baselineSummary) });
  }
  return {
    schemaVersion: 1,
    run: {
      id: run.id,
      suite: run.suiteName,
      suiteVersion: run.suiteVersion,
      suiteHash: run.suiteHash,
      status: run.status,
      kind: run.kind,
      items: data.itemIds.length,
      repeat: run.repeat,
      seed: run.seed,
      toolVersion: run.toolVersion,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      spentUsd: data.spentUsd,
      calls: data.calls,
      failedCalls: data.failedCalls,
    },
    baseline: run.baseline,
    frontier: run.frontier,
    marginPp: run.marginPp,
    configurations,
    headlines,
    warnings,
  };
}

type Summary = Report['configurations'][number];

function headlineText(configuration: Summary, baseline: Summary): string {
  const cheaper =
    configuration.costReduction === null
      ? 'cost unknown'
      : configuration.costReduction >= 1
        ? `${configuration.costReduction.toFixed(1)}x cheaper than ${baseline.name}`
        : `${(1 / configuration.costReduction).toFixed(1)}x dearer than ${baseline.name}`;
  const quality = `quality ${percent(configuration.passRate)} vs ${percent(baseline.passRate)}`;
  const delta = configuration.qualityDeltaPp === null ? '' : ` (${signed(configuration.qualityDeltaPp)} pp)`;
  return `${configuration.name}: ${cheaper}, ${quality}${delta}`;
}

export function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(100 * value).toFixed(1)}%`;
}

export function signed(value: number): string {
  const rounded = value.toFixed(1);
  return value >= 0 && rounded !== '-0.0' ? `+${rounded}` : rounded === '-0.0' ? '0.0' : rounded;
}
