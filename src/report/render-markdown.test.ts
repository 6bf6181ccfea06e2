import { describe, expect, it } from 'vitest';
import { sampleReport, withoutAnchors } from './__fixtures__/sample-report.js';
import { renderMarkdown } from './render-markdown.js';
import type { Report } from '../types/index.js';

/** The cells of a GFM table row, split on unescaped pipes. */
function cells(line: string): string[] {
  return line
    .replace(/^\| | \|$/g, '')
    .split(/(?<!\\) \| /)
    .map((cell) => cell.trim());
}

function tableAfter(markdown: string, header: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(header));
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, index) => index > start && !line.startsWith('|'));
  return lines.slice(start, end === -1 ? undefined : end);
}

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(sampleReport);

  it('starts with the run, suite, items and status', () => {
    expect(markdown.split('\n')[0]).toBe('### route-bench · run 12 · contract-review v1 · 1000 items · complete');
  });

  it('lists each headline with its verdict', () => {
    const headlines = markdown.split('\n').filter((line) => line.startsWith('- '));
    expect(headlines[0]).toMatch(/^- ✅ routed: 3\.1x cheaper .*1\.0 pp margin \(non-inferior\)$/);
    expect(headlines[1]).toMatch(/^- ❔ threshold: .*inconclusive at the 1\.0 pp margin/);
    expect(headlines[2]).toMatch(/^- ❌ random-30: .*\(inferior\)$/);
  });

  it('adds the verdict and margin to a headline whose text does not say them', () => {
    const report: Report = { ...sampleReport, headlines: [{ configuration: 'routed', text: 'routed: 3.1x cheaper' }] };
    expect(renderMarkdown(report)).toContain('- ✅ routed: 3.1x cheaper: non-inferior at the 1.0 pp margin');
  });

  it('has a comparison table with one row per configuration and the same number of cells in every row', () => {
    const table = tableAfter(markdown, '| configuration | items |');
    expect(table).toHaveLength(2 + sampleReport.configurations.length);
    const header = cells(table[0]!);
    expect(header).toEqual(['configuration', 'items', 'pass rate', 'Δ quality \\[95% CI\\]', 'cost', 'cost/item', 'reduction \\[95% CI\\]', 'frontier share', 'p50', 'p95', 'verdict']);
    for (const line of table) expect(cells(line)).toHaveLength(header.length);
    expect(cells(table[2]!)).toEqual(['all-frontier (baseline)', '1000', '96.1%', '—', '$1.65', '$0.00165', '1.00x', '100.0%', '30 ms', '43 ms', 'baseline']);
    expect(cells(table[4]!)).toEqual(['routed', '1000', '96.6%', '+0.5 pp [-0.6, +1.6]', '$0.525', '$0.000525', '3.14x [3.02, 3.27]', '20.0%', '11 ms', '37 ms', '✅ non-inferior']);
    expect(markdown).toContain('p50, p95: the median and 95th-percentile latency of an answer.');
    expect(markdown).not.toContain('Grading:');
  });

  it('has the grading cost (the judges\' calls) in a column of its own after the cost, only when a judge graded some answer', () => {
    const grading: Record<string, number> = { routed: 0.21, threshold: 0.0042 };
    const report: Report = { ...sampleReport, configurations: sampleReport.configurations.map((configuration) => ({ ...configuration, gradingCostUsd: grading[configuration.name] ?? 0 })) };
    const rendered = renderMarkdown(report);
    const table = tableAfter(rendered, '| configuration | items |');
    const header = cells(table[0]!);
    expect(header.slice(4, 7)).toEqual(['cost', 'grading', 'cost/item']);
    for (const line of table) expect(cells(line)).toHaveLength(header.length);
    expect(table.slice(2).map((line) => cells(line)[5])).toEqual(['$0', '$0', '$0.210', '$0.00420', '$0']);
    // The configuration's cost stays the answers' alone.
    expect(cells(table[4]!)[4]).toBe('$0.525');
    expect(rendered).toContain('Grading: what the llm-judge calls that graded a configuration\'s answers cost (\\$0.214 in all), not in its cost');
  });

  it('has a "no answer" column after the pass rate, as the terminal table does, only when some answer is missing', () => {
    // Unanswered (every attempt failed) and replay gaps both count: a user of the configuration got nothing.
    const missing = { 'all-cheap': { replayGaps: 2 }, routed: { unanswered: 3 } } as Record<string, Partial<Report['configurations'][number]>>;
    const report: Report = { ...sampleReport, configurations: sampleReport.configurations.map((configuration) => ({ ...configuration, ...missing[configuration.name] })) };
    const table = tableAfter(renderMarkdown(report), '| configuration | items |');
    const header = cells(table[0]!);
    expect(header.slice(0, 5)).toEqual(['configuration', 'items', 'pass rate', 'no answer', 'Δ quality \\[95% CI\\]']);
    expect(table[1]!.split(' | ')[3]).toBe('--:');
    for (const line of table) expect(cells(line)).toHaveLength(header.length);
    expect(table.slice(2).map((line) => cells(line)[3])).toEqual(['0', '2', '3', '0', '0']);
    expect(cells(table[4]!).at(-1)).toBe('✅ non-inferior');
    expect(cells(tableAfter(markdown, '| configuration | items |')[0]!)).not.toContain('no answer');
  });

  it('has a routing-metrics table for the routed configurations, with — for what is not defined', () => {
    const table = tableAfter(markdown, '| configuration | between | PGR |');
    expect(cells(table[0]!)).toEqual(['configuration', 'between', 'PGR', 'APGR', 'CPT(50%)', 'CPT(80%)', 'AIQ', 'oracle gap closed']);
    expect(table.slice(2).map((line) => cells(line)[0])).toEqual(['routed', 'threshold', 'random-30']);
    expect(cells(table[2]!)).toEqual(['routed', 'all-cheap → all-frontier', '1.08', '—', '—', '—', '—', '0.79']);
    expect(cells(table[3]!)).toEqual(['threshold', 'all-cheap → all-frontier', '0.86', '0.781', '7.2%', '16.1%', '0.951', '0.63']);
    expect(markdown).toContain('the oracle over every model (per item the best-scoring answer, the cheapest among ties) reaches 98.5% at \\$0.310');
  });

  it('has the per-tag breakdown, and leaves it out when there are no tags', () => {
    const table = tableAfter(markdown, '| tag | items |');
    expect(cells(table[0]!)).toEqual(['tag', 'items', 'all-frontier', 'all-cheap', 'routed', 'threshold', 'random-30']);
    expect(cells(table[3]!)).toEqual(['hard', '180', '92.9% · $0.340', '57.2% (-35.7 pp) · $0.0300', '96.1% (+3.2 pp) · $0.412', '90.6% (-2.3 pp) · $0.248', '68.4% (-24.5 pp) · $0.123']);
    expect(renderMarkdown({ ...sampleReport, tags: [] })).not.toContain('By tag');
  });

  it('lists the warnings, and leaves the section out when there are none', () => {
    expect(markdown).toContain('#### Warnings\n\n- ⚠️ 3 answers could not be graded');
    expect(renderMarkdown({ ...sampleReport, warnings: [] })).not.toContain('Warnings');
  });

  it('leaves the routing metrics out without anchors', () => {
    expect(renderMarkdown(withoutAnchors(sampleReport))).not.toContain('Routing metrics');
  });

  it('escapes data so a name cannot split a cell, inject HTML or start a block', () => {
    const hostile = 'evil|<img src=x onerror=alert(1)>*bold* [link](http://x) @admin';
    const report: Report = {
      ...sampleReport,
      configurations: sampleReport.configurations.map((configuration, index) => (index === 2 ? { ...configuration, name: hostile } : configuration)),
      headlines: [{ configuration: hostile, text: `${hostile}: 3.1x cheaper` }],
      tags: [{ tag: 'a|b\n# c', items: 1, configurations: [{ name: hostile, passRate: 1, qualityDeltaPp: 0, costUsd: 0 }] }],
      warnings: ['- </sub><script>alert(1)</script>\n# heading'],
    };
    const rendered = renderMarkdown(report);
    const escaped = 'evil\\|\\<img src=x onerror=alert(1)\\>\\*bold\\* \\[link\\](http://x) @\u200badmin';
    expect(rendered).toContain(`| ${escaped} | 1000 |`);
    expect(rendered).not.toMatch(/(?<!\\)<img/);
    expect(rendered).not.toMatch(/(?<!\\)<script/);
    expect(rendered).toContain('- ⚠️ \\- \\</sub\\>\\<script\\>alert(1)\\</script\\> \\# heading');
    expect(rendered).toContain('| a\\|b \\# c | 1 |');
    const table = tableAfter(rendered, '| configuration | items |');
    for (const line of table) expect(cells(line)).toHaveLength(11);
    expect(rendered.split('\n').filter((line) => /^#{1,6} /.test(line) && !line.startsWith('### route-bench') && !line.startsWith('#### '))).toEqual([]);
  });
});
