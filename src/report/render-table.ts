import { createTable } from './table.js';
import { percent, signed } from './build-report.js';
import type { Report } from './types.js';

/** The comparison as a terminal table, then one headline line per routed configuration. */
export function renderTable(report: Report): string {
  const table = createTable(
    ['configuration', 'items', 'pass rate', 'Δ quality', 'cost', 'cost/item', 'reduction', 'frontier', 'p50', 'p95'],
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  for (const configuration of report.configurations) {
    const isBaseline = configuration.name === report.baseline;
    table.push([
      isBaseline ? `${configuration.name} (baseline)` : configuration.name,
      String(configuration.items),
      percent(configuration.passRate),
      isBaseline || configuration.qualityDeltaPp === null ? '—' : `${signed(configuration.qualityDeltaPp)} pp`,
      usd(configuration.costUsd),
      configuration.costPerItemUsd === null ? '—' : usd(configuration.costPerItemUsd),
      configuration.costReduction === null ? '—' : `${configuration.costReduction.toFixed(2)}x`,
      percent(configuration.frontierShare),
      milliseconds(configuration.latencyP50Ms),
      milliseconds(configuration.latencyP95Ms),
    ]);
  }
  const lines = [
    `run ${report.run.id} · ${report.run.suite} v${report.run.suiteVersion} · ${report.run.items} items · ${report.run.status}`,
    table.toString(),
  ];
  for (const headline of report.headlines) lines.push(headline.text);
  const spent = `spent this run: ${usd(report.run.spentUsd)} in ${report.run.calls} calls`;
  const cached = report.configurations.reduce((total, configuration) => total + configuration.cachedAnswers, 0);
  lines.push(cached > 0 ? `${spent} (${cached} answers reused from the cache or another configuration)` : spent);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines.join('\n');
}

export function usd(value: number): string {
  if (value === 0) return '$0';
  if (Math.abs(value) >= 100) return `$${value.toFixed(0)}`;
  if (Math.abs(value) >= 1) return `$${value.toFixed(2)}`;
  return `$${value.toPrecision(3)}`;
}

function milliseconds(value: number | null): string {
  if (value === null) return '—';
  if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
  return `${value.toFixed(value < 9.95 ? 1 : 0)} ms`;
}
