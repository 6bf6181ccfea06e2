import { landscapeLines } from './landscape-lines.js';
import { escapeMarkdown } from './escape.js';
import { pairwiseLines } from './pairwise-lines.js';
import { cellText, comparisonColumns, comparisonNote, comparisonRows, headlineVerdict, headlineWithVerdict, routingColumns, routingRows, routingSpan, runTitle, servedByColumns, servedByRows, spentNote, statisticsNote, tagCell, tagCostCell, type Column, type Verdict } from './report-cells.js';
import { costBasisText, servedByNote } from './served-model-lines.js';
import type { Report } from '../types/index.js';

const verdictIcon: Record<Verdict, string> = { 'non-inferior': '✅', inferior: '❌', inconclusive: '❔', baseline: '' };

/**
 * The report as GitHub-flavoured Markdown, for pull-request comments and CI
 * summaries. Every text that comes from the data is escaped; the numbers are
 * ours. Dollar amounts in prose are escaped too: GitHub reads `$…$` as math.
 */
export function renderMarkdown(report: Report): string {
  const sections: string[] = [`### route-bench · ${escapeMarkdown(runTitle(report))}`];

  if (report.headlines.length > 0) {
    sections.push(
      report.headlines
        .map((headline) => {
          const verdict = headlineVerdict(report, headline.configuration);
          const icon = verdict ? `${verdictIcon[verdict]} ` : '';
          return `- ${icon}${escapeMarkdown(headlineWithVerdict(report, headline.text, verdict))}`;
        })
        .join('\n'),
    );
  }

  // Only names come from the data; the other cells are our own numbers, left unescaped so the source reads well.
  sections.push(
    table(
      comparisonColumns(report),
      comparisonRows(report).map((row) =>
        row.cells.map((cell, index) => (index === 0 ? escapeMarkdown(cellText(cell)) : index === row.cells.length - 1 && row.verdict ? verdictCell(row.verdict) : cellText(cell))),
      ),
    ),
    escapeMarkdown(comparisonNote(report)),
  );

  const pairwise = pairwiseLines(report);
  if (pairwise.length > 0) {
    sections.push(`#### Pairwise against the reference answers\n\n${pairwise.slice(1).map((line) => `- ${escapeMarkdown(line.trim())}`).join('\n')}`);
  }

  const served = servedByRows(report);
  if (served.length > 0) {
    const rows = served.map(([name, model, ...numbers]) => [escapeMarkdown(name!), escapeMarkdown(model!), ...numbers]);
    const costs = report.configurations.flatMap((configuration) => (configuration.servedBy ? [`- ${escapeMarkdown(`${configuration.name}: ${costBasisText(configuration.servedBy)}`)}`] : []));
    sections.push(`#### Served by\n\n${escapeMarkdown(servedByNote)}\n\n${table(servedByColumns, rows)}\n\n${costs.join('\n')}`);
  }

  const routing = routingRows(report);
  if (routing.length > 0) {
    const rows = routing.map(([name, ...metrics]) => [escapeMarkdown(name!), ...metrics]);
    sections.push(`#### Routing metrics\n\n${escapeMarkdown(routingSpan(report) ?? '')}\n\n${table(routingColumns, rows)}`);
  }

  const landscape = landscapeLines(report);
  if (landscape.length > 0) {
    sections.push(`#### Over all models\n\n${escapeMarkdown(landscape[0]!)}\n\n${landscape.slice(1).map((line) => `- ${escapeMarkdown(line.trim())}`).join('\n')}`);
  }

  if (report.tags.length > 0) {
    const names = report.configurations.map((configuration) => configuration.name);
    const columns: Column[] = [
      { title: 'tag', align: 'left' },
      { title: 'items', align: 'right' },
      ...names.map((name): Column => ({ title: name, align: 'right' })),
    ];
    const rows = report.tags.map((tag) => [
      escapeMarkdown(tag.tag),
      String(tag.items),
      ...names.map((name) => {
        const entry = tag.configurations.find((each) => each.name === name);
        return entry ? `${tagCell(report, entry)} · ${tagCostCell(entry)}` : '—';
      }),
    ]);
    sections.push(`#### By tag\n\nPass rate, the change against ${escapeMarkdown(report.baseline)} on the same items, and the cost of the answers.\n\n${table(columns, rows)}`);
  }

  if (report.warnings.length > 0) {
    sections.push(`#### Warnings\n\n${report.warnings.map((warning) => `- ⚠️ ${escapeMarkdown(warning)}`).join('\n')}`);
  }

  sections.push(`<sub>${escapeMarkdown(`${statisticsNote(report)} ${spentNote(report)}`)}</sub>`);
  return `${sections.join('\n\n')}\n`;
}

function verdictCell(verdict: Verdict): string {
  return verdict === 'baseline' ? 'baseline' : `${verdictIcon[verdict]} ${verdict}`;
}

/** A GFM table. Titles are escaped here (the per-tag table's are names); cells arrive escaped where they hold data. */
function table(columns: Column[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(columns.map((column) => escapeMarkdown(column.title))),
    `| ${columns.map((column) => (column.align === 'right' ? '--:' : ':--')).join(' | ')} |`,
    ...rows.map(line),
  ].join('\n');
}
