import { describe, expect, it } from 'vitest';
import { sampleReport, withoutAnchors } from './__fixtures__/sample-report.js';
import { renderHtml } from './render-html.js';
import type { Report } from '../types/index.js';

const attack = '<script>alert(1)</script>';

describe('renderHtml', () => {
  it('is one self-contained page: no external resource, and without an item explorer no script at all', async () => {
    const html = await renderHtml(sampleReport);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    // With an explorer the page has one script of ours (render-item-explorer.test.ts); without one, none, and the policy allows none.
    expect(html).not.toContain('<script');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none';`);
    expect(html).not.toContain('<link');
    expect(html).not.toMatch(/src="http/i);
    expect(html).not.toMatch(/href="http/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).toMatch(/<style>[\s\S]*<\/style>/);
  });

  it('inlines the chart as SVG with marks for the points, lines and labels', async () => {
    const html = await renderHtml(sampleReport);
    const svg = html.slice(html.indexOf('<svg'), html.indexOf('</svg>') + 6);
    expect(svg.length).toBeGreaterThan(1000);
    expect(svg).toContain('class="mark-symbol');
    expect(svg).toContain('class="mark-line');
    for (const name of ['all-frontier (baseline)', 'all-cheap', 'routed', 'threshold', 'random-30', 'oracle', 'Pareto frontier', 'random mix', 'threshold sweep']) {
      expect(svg).toContain(`>${name}</text>`);
    }
  });

  it('has the headlines with their verdicts, the table, the routing metrics, tags and warnings', async () => {
    const html = await renderHtml(sampleReport);
    expect(html).toContain('<span class="badge verdict-non-inferior">non-inferior</span> routed: 3.1x cheaper than all-frontier');
    expect(html).toContain('<th scope="row">all-frontier (baseline)</th>');
    expect(html).toContain('<td class="num">+0.5 pp<span class="ci">[-0.6, +1.6]</span></td>');
    expect(html).toContain('<h2>Routing metrics</h2>');
    expect(html).toContain('<td class="num">57.2% (-35.7 pp)<span class="ci">$0.0300</span></td>');
    expect(html).toContain('<li>3 answers could not be graded');
    expect(await renderHtml({ ...withoutAnchors(sampleReport), tags: [], warnings: [] })).not.toMatch(/By tag|Warnings|Routing metrics/);
  });

  it('has a "no answer" column after the pass rate only when some answer is missing', async () => {
    const configurations = sampleReport.configurations.map((configuration) => (configuration.name === 'routed' ? { ...configuration, unanswered: 3, replayGaps: 1 } : configuration));
    const html = await renderHtml({ ...sampleReport, configurations });
    const table = html.slice(html.indexOf('<h2>Configurations</h2>'), html.indexOf('</table>', html.indexOf('<h2>Configurations</h2>')));
    const head = [...table.matchAll(/<th scope="col" class="(\w+)">([^<]*)<\/th>/g)].map((match) => `${match[2]} (${match[1]})`);
    expect(head.slice(0, 5)).toEqual(['configuration (text)', 'items (num)', 'pass rate (num)', 'no answer (num)', 'Δ quality [95% CI] (num)']);
    const routedRow = table.slice(table.indexOf('<th scope="row">routed</th>'), table.indexOf('</tr>', table.indexOf('<th scope="row">routed</th>')));
    expect(routedRow).toMatch(/^<th scope="row">routed<\/th><td class="num">1000<\/td><td class="num">96\.6%<\/td><td class="num">4<\/td><td class="num">\+0\.5 pp/);
    expect(routedRow).toContain('<span class="badge verdict-non-inferior">non-inferior</span>');
    expect(await renderHtml(sampleReport)).not.toContain('>no answer</th>');
  });

  it('shows latency p50/p95 and, when a judge graded answers, the grading cost apart from the cost', async () => {
    const columnsOf = (html: string) => {
      const table = html.slice(html.indexOf('<h2>Configurations</h2>'), html.indexOf('</table>', html.indexOf('<h2>Configurations</h2>')));
      return [...table.matchAll(/<th scope="col" class="\w+">([^<]*)<\/th>/g)].map((match) => match[1]);
    };
    const plain = await renderHtml(sampleReport);
    expect(columnsOf(plain)).toEqual(['configuration', 'items', 'pass rate', 'Δ quality [95% CI]', 'cost', 'cost/item', 'reduction [95% CI]', 'frontier share', 'p50', 'p95', 'verdict']);
    expect(plain).toContain('<td class="num">30 ms</td><td class="num">43 ms</td>');
    const configurations = sampleReport.configurations.map((configuration) => (configuration.name === 'routed' ? { ...configuration, gradingCostUsd: 0.21 } : configuration));
    const judged = await renderHtml({ ...sampleReport, configurations });
    expect(columnsOf(judged).slice(4, 7)).toEqual(['cost', 'grading', 'cost/item']);
    expect(judged).toContain('<td class="num">$0.525</td><td class="num">$0.210</td><td class="num">$0.000525</td>');
    expect(judged).toContain('Grading: what the llm-judge calls that graded a configuration&#39;s answers cost ($0.210 in all)');
  });

  it('says what the bars on the chart\'s points are', async () => {
    expect(await renderHtml(sampleReport)).toContain('bars span each point&#39;s 95% intervals, of Δ quality (up and down) and of the cost reduction (across), against all-frontier');
    const unbounded = sampleReport.configurations.map((configuration) => ({ ...configuration, qualityDeltaCi95Pp: null, costReductionCi95: null }));
    expect(await renderHtml({ ...sampleReport, configurations: unbounded })).not.toContain('bars span');
  });

  it('escapes everything from the data: names, tags, warnings, headlines', async () => {
    const name = `routed${attack}`;
    const report: Report = {
      ...sampleReport,
      run: { ...sampleReport.run, suite: `suite${attack}` },
      baseline: sampleReport.baseline,
      configurations: sampleReport.configurations.map((configuration) => (configuration.name === 'routed' ? { ...configuration, name } : configuration)),
      paretoFrontier: ['all-cheap', 'threshold', name],
      headlines: [{ configuration: name, text: `${name}: 3.1x cheaper "quoted" & more` }],
      tags: [{ tag: `hard${attack}`, items: 1, configurations: [{ name, passRate: 1, qualityDeltaPp: 0, costUsd: 0.1 }] }],
      warnings: [`bad answer: ${attack}`, '<img src=x onerror=alert(2)>'],
    };
    const html = await renderHtml(report);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
    expect(html).toContain(`<th scope="row">routed${escaped}</th>`);
    expect(html).toContain(`<li>bad answer: ${escaped}</li>`);
    expect(html).toContain(`<th scope="row">hard${escaped}</th>`);
    expect(html).toContain(`routed${escaped}: 3.1x cheaper &quot;quoted&quot; &amp; more`);
    expect(html).toContain(`<title>route-bench · suite${escaped} · run 12</title>`);
    // the chart's label, escaped by Vega's SVG writer
    expect(html).toContain(`>routed${escaped}</text>`);
  });

  it('says there is nothing to chart when no configuration has a pass rate', async () => {
    const configurations = sampleReport.configurations.map((configuration) => ({ ...configuration, passRate: null }));
    const html = await renderHtml({ ...sampleReport, configurations });
    expect(html).not.toContain('<svg');
    expect(html).toContain('nothing to chart');
  });
});
