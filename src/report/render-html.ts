import { landscapeLines } from './landscape-lines.js';
import { pairwiseLines } from './pairwise-lines.js';
import { chartFont, costQualityChartSpec, verdictColors } from './chart-spec.js';
import { escapeHtml } from './escape.js';
import { comparisonColumns, comparisonNote, comparisonRows, headlineVerdict, headlineWithVerdict, routingColumns, routingRows, routingSpan, runTitle, servedByColumns, servedByRows, spentNote, statisticsNote, tagCell, tagCostCell, type Cell, type Column } from './report-cells.js';
import { costBasisText, servedByNote } from './served-model-lines.js';
import type { Report } from '../types/index.js';
import type { ItemExplorer } from './item-explorer.js';
import { explorerScript, explorerScriptSource, explorerStyles, itemExplorerSection } from './render-item-explorer.js';

/**
 * The report as one self-contained HTML page that opens offline: inline CSS,
 * system fonts, and the cost-quality chart drawn server-side by Vega into an
 * inline SVG; no external resource. Every text from the data is escaped
 * (the SVG's text is escaped by Vega's SVG writer). With an item explorer the
 * page has one script, ours, which only filters its rows; the
 * Content-Security-Policy allows that script by its hash and nothing else.
 */
export async function renderHtml(report: Report, explorer?: ItemExplorer): Promise<string> {
  const chart = await renderChartSvg(report);
  const title = `route-bench · ${report.run.suite} · run ${report.run.id}`;
  const body = [
    `<header><p class="kicker">route-bench report</p><h1>${escapeHtml(report.run.suite)} <span class="version">v${report.run.suiteVersion}</span></h1>`,
    `<p class="meta">${escapeHtml(runTitle(report))}${runTimes(report)}</p></header>`,
    headlines(report),
    chart
      ? `<figure class="chart">${chart}<figcaption>${escapeHtml(chartCaption(report))}</figcaption></figure>`
      : '<p class="note">No configuration has a pass rate: there is nothing to chart.</p>',
    `<section><h2>Configurations</h2>${comparisonTable(report)}<p class="note">${escapeHtml(comparisonNote(report))}</p></section>`,
    pairwiseSection(report),
    servedBySection(report),
    routingSection(report),
    landscapeSection(report),
    tagSection(report),
    warningSection(report),
    explorer ? itemExplorerSection(explorer) : '',
    `<footer><p>${escapeHtml(statisticsNote(report))}</p><p>${escapeHtml(spentNote(report))}</p></footer>`,
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(explorer !== undefined)}">
<title>${escapeHtml(title)}</title>
<style>${stylesheet}${explorer ? explorerStyles : ''}</style>
</head>
<body>
<main>
${body.filter((part) => part !== '').join('\n')}
</main>
${explorer ? `<script>${explorerScript}</script>\n` : ''}</body>
</html>
`;
}

/** Nothing is fetched, and no script runs but the explorer's own, named by its hash. */
function contentSecurityPolicy(withScript: boolean): string {
  return `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src ${withScript ? explorerScriptSource : "'none'"}; base-uri 'none'; form-action 'none'`;
}

/** Vega and Vega-Lite are loaded here, on first use, so commands that print no chart never load them. */
async function renderChartSvg(report: Report): Promise<string | null> {
  const spec = costQualityChartSpec(report);
  if (!spec) return null;
  const [{ compile }, { parse, View }] = await Promise.all([import('vega-lite'), import('vega')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

function chartCaption(report: Report): string {
  const parts = [`Cost against quality. Points are configurations, coloured by their verdict against ${report.baseline}`];
  if (report.manyModels && report.manyModels.hull.length >= 2) parts.push(`the dashed line is the hull of the ${report.manyModels.models.length} models' points, what mixing them at random reaches: a router worth running lies above it`);
  else if (report.anchors) parts.push(`the dashed line mixes ${report.anchors.cheap} and ${report.anchors.frontier} at random: a router worth running lies above it`);
  if (report.paretoFrontier.length >= 2) parts.push('the wide band steps through the Pareto frontier');
  if (report.configurations.some((each) => each.qualityDeltaCi95Pp || each.costReductionCi95)) parts.push(`bars span each point's 95% intervals, of Δ quality (up and down) and of the cost reduction (across), against ${report.baseline}`);
  if (report.oracle) parts.push('the diamond is the oracle, per item the best-scoring answer, the cheapest among ties');
  return `${parts.join('; ')}.`;
}

function runTimes(report: Report): string {
  const { run } = report;
  const parent = run.parentRunId === null ? '' : ` · simulated from run ${run.parentRunId}`;
  const started = run.startedAt ? ` · started ${escapeHtml(run.startedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC'))}` : '';
  return `${parent}${started} · route-bench ${escapeHtml(run.toolVersion)}`;
}

function headlines(report: Report): string {
  if (report.headlines.length === 0) return '';
  const cards = report.headlines.map((headline) => {
    const verdict = headlineVerdict(report, headline.configuration);
    const badge = verdict ? `<span class="badge verdict-${verdict}">${verdict}</span> ` : '';
    return `<li class="headline${verdict ? ` verdict-${verdict}` : ''}">${badge}${escapeHtml(headlineWithVerdict(report, headline.text, verdict))}</li>`;
  });
  return `<ul class="headlines">${cards.join('')}</ul>`;
}

function comparisonTable(report: Report): string {
  const columns = comparisonColumns(report);
  const rows = comparisonRows(report).map((row) =>
    row.cells.map((cell, index) => {
      if (index === 0) return `<th scope="row">${cellHtml(cell)}</th>`;
      if (index === row.cells.length - 1 && row.verdict) return `<td><span class="badge verdict-${row.verdict}">${cellHtml(cell)}</span></td>`;
      return `<td class="${alignClass(columns[index]!)}">${cellHtml(cell)}</td>`;
    }),
  );
  return htmlTable(columns, rows);
}

function cellHtml(cell: Cell): string {
  if (typeof cell === 'string') return escapeHtml(cell);
  return cell.interval === null ? escapeHtml(cell.value) : `${escapeHtml(cell.value)}<span class="ci">${escapeHtml(cell.interval)}</span>`;
}

function pairwiseSection(report: Report): string {
  const lines = pairwiseLines(report);
  if (lines.length === 0) return '';
  return `<section><h2>Pairwise against the reference answers</h2><p class="note">${escapeHtml(lines[0]!)}</p><ul>${lines.slice(1).map((line) => `<li>${escapeHtml(line.trim())}</li>`).join('')}</ul></section>`;
}

function servedBySection(report: Report): string {
  const rows = servedByRows(report);
  if (rows.length === 0) return '';
  const cells = rows.map((row) => row.map((cell, index) => (index === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td class="${alignClass(servedByColumns[index]!)}">${escapeHtml(cell)}</td>`)));
  const costs = report.configurations.flatMap((configuration) => (configuration.servedBy ? [`<li>${escapeHtml(`${configuration.name}: ${costBasisText(configuration.servedBy)}`)}</li>`] : []));
  return `<section><h2>Served by</h2><p class="note">${escapeHtml(servedByNote)}</p>${htmlTable(servedByColumns, cells)}<ul>${costs.join('')}</ul></section>`;
}

function routingSection(report: Report): string {
  const rows = routingRows(report);
  if (rows.length === 0) return '';
  const cells = rows.map((row) => row.map((cell, index) => (index === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td class="${alignClass(routingColumns[index]!)}">${escapeHtml(cell)}</td>`)));
  return (
    `<section><h2>Routing metrics</h2><p class="note">${escapeHtml(routingSpan(report) ?? '')} ` +
    'PGR: share of the quality gap between the pair recovered; APGR: its mean over the share of calls to the frontier end (0.5 is random); ' +
    'CPT(x): the share at which a swept router recovers x of the gap; AIQ: mean achievable quality over the pair\u2019s cost span; ' +
    `oracle gap closed: share of the gap to the oracle over its models recovered.</p>${htmlTable(routingColumns, cells)}</section>`
  );
}

function landscapeSection(report: Report): string {
  const lines = landscapeLines(report);
  if (lines.length === 0) return '';
  return `<section><h2>Over all models</h2><p class="note">${escapeHtml(lines[0]!)}</p><ul>${lines.slice(1).map((line) => `<li>${escapeHtml(line.trim())}</li>`).join('')}</ul></section>`;
}

function tagSection(report: Report): string {
  if (report.tags.length === 0) return '';
  const names = report.configurations.map((configuration) => configuration.name);
  const columns: Column[] = [
    { title: 'tag', align: 'left' },
    { title: 'items', align: 'right' },
    ...names.map((name): Column => ({ title: name, align: 'right' })),
  ];
  const rows = report.tags.map((tag) => [
    `<th scope="row">${escapeHtml(tag.tag)}</th>`,
    `<td class="num">${tag.items}</td>`,
    ...names.map((name) => {
      const entry = tag.configurations.find((each) => each.name === name);
      return `<td class="num">${entry ? `${escapeHtml(tagCell(report, entry))}<span class="ci">${escapeHtml(tagCostCell(entry))}</span>` : '—'}</td>`;
    }),
  ]);
  return `<section><h2>By tag</h2><p class="note">Pass rate per tag, the change against ${escapeHtml(report.baseline)} on the same items, and below it the cost of the answers.</p>${htmlTable(columns, rows)}</section>`;
}

function warningSection(report: Report): string {
  if (report.warnings.length === 0) return '';
  return `<section class="warnings"><h2>Warnings</h2><ul>${report.warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join('')}</ul></section>`;
}

/** Rows arrive as finished cells; titles are escaped here. */
function htmlTable(columns: Column[], rows: string[][]): string {
  const head = columns.map((column) => `<th scope="col" class="${alignClass(column)}">${escapeHtml(column.title)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function alignClass(column: Column): string {
  return column.align === 'right' ? 'num' : 'text';
}

const verdictStyles = Object.entries(verdictColors)
  .map(([verdict, color]) => `.badge.verdict-${verdict.replace(/ /g, '-')}{background:${color}}.headline.verdict-${verdict.replace(/ /g, '-')}{border-left-color:${color}}`)
  .join('');

const stylesheet = `
*{box-sizing:border-box}
body{margin:0;background:#f6f8fa;color:#1f2328;font:15px/1.5 ${chartFont};-webkit-font-smoothing:antialiased}
main{max-width:1120px;margin:0 auto;padding:32px 24px 48px}
header{margin-bottom:20px}
.kicker{margin:0;color:#57606a;font-size:13px;letter-spacing:.06em;text-transform:uppercase}
h1{margin:2px 0 4px;font-size:28px;line-height:1.2}
h1 .version{color:#57606a;font-weight:400;font-size:20px}
h2{margin:0 0 10px;font-size:18px}
.meta{margin:0;color:#57606a;font-size:14px}
.headlines{list-style:none;margin:0 0 24px;padding:0;display:grid;gap:10px}
.headline{background:#fff;border:1px solid #d0d7de;border-left:5px solid #8c959f;border-radius:6px;padding:12px 16px;font-size:15px}
.badge{display:inline-block;margin-right:6px;padding:1px 8px;border-radius:999px;color:#fff;font-size:12px;font-weight:600;line-height:20px;vertical-align:1px;white-space:nowrap}
${verdictStyles}
.chart{margin:0 0 28px;background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:16px}
.chart svg{display:block;width:100%;height:auto;max-width:820px;margin:0 auto}
figcaption,.note{color:#57606a;font-size:13px}
figcaption{margin-top:8px;text-align:center}
section{margin:0 0 28px}
.table-wrap{overflow-x:auto;background:#fff;border:1px solid #d0d7de;border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:14px;font-variant-numeric:tabular-nums}
th,td{padding:7px 10px;border-bottom:1px solid #eaeef2;white-space:nowrap}
thead th{background:#f6f8fa;color:#57606a;font-weight:600;font-size:13px}
tbody tr:last-child th,tbody tr:last-child td{border-bottom:0}
tbody th{text-align:left;font-weight:600}
.num{text-align:right}
.ci{display:block;color:#57606a;font-size:12px}
.text{text-align:left}
.warnings ul{margin:0;padding:10px 16px 10px 34px;background:#fff8c5;border:1px solid #d4a72c;border-radius:6px}
.warnings li{margin:2px 0}
footer{color:#57606a;font-size:13px;border-top:1px solid #d0d7de;padding-top:12px}
footer p{margin:4px 0}
`;
