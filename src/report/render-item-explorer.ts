import { createHash } from 'node:crypto';
import { escapeHtml } from './escape.js';
import { costText, gradedAnswer, gradeText, latencyText, routeText, tokensText } from './item-cells.js';
import type { ExplorerResult, ExplorerRow, ItemExplorer } from './item-explorer.js';

/**
 * The HTML report's item view. Every row is drawn here, escaped, as a
 * `<details>` that opens without any script; the one script of the page,
 * `explorerScript`, only hides the rows the filters leave out. It is a fixed
 * text of ours, allowed by its hash in the page's Content-Security-Policy,
 * so nothing from the data can run even if it got past the escaping.
 */

/** A text longer than this is cut on the page, saying how much was left and where to read it whole. */
export const maxTextChars = 4000;

export function itemExplorerSection(explorer: ItemExplorer): string {
  if (explorer.configurations.length === 0) return '';
  const counts = explorer.configurations.map((each) => {
    const leftOut = each.items - each.shown;
    const differing = each.lost + each.won;
    const note = leftOut === 0
      ? 'all shown'
      : `${each.shown} shown${each.shown >= differing ? ' (every lost and won one, then a seeded sample of the rest)' : ` (the first ${each.shown} lost and won)`}, ${leftOut} left out: \`route-bench items --run ${explorer.runId} --configuration ${each.name}\` lists them`;
    return `<li><strong>${escapeHtml(each.name)}</strong>: ${each.lost} lost, ${each.won} won of ${each.items} items; ${escapeHtml(note)}</li>`;
  });
  const sample = explorer.repeat > 1 ? ` Each item's first sample of ${explorer.repeat}.` : '';
  return [
    '<section id="items"><h2>Items</h2>',
    `<p class="note">Each configuration against ${escapeHtml(explorer.baseline)}: the items it <b>lost</b> (${escapeHtml(explorer.baseline)} passed, it failed), `,
    `those it <b>won</b> (the reverse), then the rest. Open a row for the prompt, the reference, every answer used and its grade.${sample}</p>`,
    `<ul class="item-counts">${counts.join('')}</ul>`,
    filterForm(explorer),
    `<div class="item-rows">\n${explorer.rows.map(rowHtml).join('\n')}\n</div>`,
    '<p class="note" id="no-rows" hidden>No item matches these filters.</p>',
    '</section>',
  ].join('\n');
}

function filterForm(explorer: ItemExplorer): string {
  const options = (values: string[], all: string) =>
    [`<option value="">${all}</option>`, ...values.map((value) => `<option value="${escapeHtml(value)}">${escapeHtml(value)}</option>`)].join('');
  // Not a <form>: Enter in its text box would submit it, reloading the page.
  return `<div class="item-filters" role="search">
<label>configuration <select id="filter-configuration">${options(explorer.configurations.map((each) => each.name), 'all')}</select></label>
<label>outcome <select id="filter-outcome">${options(['lost', 'won', 'fail', 'error'], 'any')}</select></label>
<label>tag <select id="filter-tag">${options(explorer.tags, 'any')}</select></label>
<label>text <input type="search" id="filter-text" placeholder="id, prompt, answer, reason"></label>
<output id="filter-count">${explorer.rows.length} of ${explorer.rows.length} rows</output>
</div>`;
}

function rowHtml(row: ExplorerRow): string {
  const answer = gradedAnswer(row.result);
  const excerpt = answer?.output ?? (row.result.unanswered === null ? '' : `no answer: ${row.result.unanswered}`);
  const tags = row.tags.map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`).join('');
  const summary = `<summary><span class="badge outcome-${row.outcome}">${row.outcome}</span><span class="row-configuration">${escapeHtml(row.configuration)}</span>` +
    `<code class="row-id">${escapeHtml(row.itemId)}</code>${tags}<span class="excerpt">${escapeHtml(oneLine(excerpt, 120))}</span></summary>`;
  const results = [row.baseline ? resultHtml(row.baseline, true) : '<div class="result"><p class="note">The baseline has no result for this item.</p></div>', resultHtml(row.result, false)];
  return `<details class="item" data-configuration="${escapeHtml(row.configuration)}" data-outcome="${row.outcome}" data-status="${row.result.status}">${summary}
<div class="item-body">
<div class="block"><h3>Prompt <span class="meta">${row.promptTokens} tokens</span></h3>${preHtml(row.prompt)}</div>
<div class="block"><h3>Reference</h3>${row.reference === null ? '<p class="note">none</p>' : preHtml(row.reference)}</div>
<div class="results">${results.join('')}</div>
</div></details>`;
}

function resultHtml(result: ExplorerResult, isBaseline: boolean): string {
  const facts: Array<[string, string]> = [
    ['grade', `${gradeText(result)}${result.reason === null ? '' : ` · ${result.reason}`}`],
    ['route', routeText(result)],
    ['cost', costText(result)],
    ['latency', latencyText(result)],
  ];
  if (result.unanswered !== null) facts.push(['no answer', result.unanswered]);
  if (result.finishReason !== null) facts.push(['stopped', result.finishReason]);
  if (result.cached) facts.push(['cached', 'every answer reused (from the cache or another configuration)']);
  const answers = result.answers.map((answer) =>
    `<div class="answer"><h4>${escapeHtml(answer.model)}${answer.model === result.model ? ' (graded)' : ''} <span class="meta">${escapeHtml(tokensText(answer))}</span></h4>` +
    `${answer.output === null ? '<p class="note">no answer</p>' : preHtml(answer.output)}</div>`);
  return `<div class="result status-${result.status}"><h3>${escapeHtml(result.configuration)}${isBaseline ? ' <span class="meta">baseline</span>' : ''} ` +
    `<span class="badge status-${result.status}">${result.status}</span></h3>` +
    `<dl>${facts.map(([term, text]) => `<dt>${term}</dt><dd>${escapeHtml(text)}</dd>`).join('')}</dl>${answers.join('')}</div>`;
}

/** Untrusted text as preformatted, escaped text, cut at `maxTextChars`. */
function preHtml(text: string): string {
  if (text.length <= maxTextChars) return `<pre>${escapeHtml(text)}</pre>`;
  const left = text.length - maxTextChars;
  return `<pre>${escapeHtml(text.slice(0, maxTextChars))}</pre><p class="note">… ${left.toLocaleString('en-US')} more characters: \`route-bench items --format jsonl\` has the whole text.</p>`;
}

function oneLine(text: string, length: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

/** The page's only script: show the rows that pass every filter. It reads the page, never writes markup. */
export const explorerScript = `(() => {
  const rows = Array.from(document.querySelectorAll('#items details.item'));
  const texts = rows.map((row) => row.textContent.toLowerCase());
  const tags = rows.map((row) => Array.from(row.querySelectorAll('summary .tag'), (tag) => tag.textContent));
  const control = (name) => document.getElementById('filter-' + name);
  const configuration = control('configuration'), outcome = control('outcome'), tag = control('tag'), text = control('text'), count = control('count');
  const none = document.getElementById('no-rows');
  function apply() {
    const wanted = text.value.trim().toLowerCase();
    let shown = 0;
    rows.forEach((row, index) => {
      const visible = (configuration.value === '' || row.dataset.configuration === configuration.value)
        && (outcome.value === '' || row.dataset.outcome === outcome.value || row.dataset.status === outcome.value)
        && (tag.value === '' || tags[index].includes(tag.value))
        && (wanted === '' || texts[index].includes(wanted));
      row.hidden = !visible;
      if (visible) shown++;
    });
    count.textContent = shown + ' of ' + rows.length + ' rows';
    none.hidden = shown > 0;
  }
  for (const select of [configuration, outcome, tag]) select.addEventListener('change', apply);
  text.addEventListener('input', apply);
  apply();
})();`;

/** The script's hash, as a Content-Security-Policy source. */
export const explorerScriptSource = `'sha256-${createHash('sha256').update(explorerScript).digest('base64')}'`;

export const explorerStyles = `
.item-counts{margin:0 0 12px;padding-left:20px;font-size:14px}
.item-filters{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:center;margin:0 0 12px;font-size:14px}
.item-filters select,.item-filters input{font:inherit;padding:3px 6px;border:1px solid #d0d7de;border-radius:4px;background:#fff}
.item-filters output{color:#57606a}
[hidden]{display:none!important}
.item-rows{background:#fff;border:1px solid #d0d7de;border-radius:6px}
details.item{border-bottom:1px solid #eaeef2}
details.item:last-child{border-bottom:0}
details.item>summary{cursor:pointer;padding:7px 10px;display:flex;gap:8px;align-items:baseline;font-size:14px;white-space:nowrap;overflow:hidden}
details.item[open]>summary{background:#f6f8fa}
.row-configuration{font-weight:600}
.row-id{color:#57606a}
.tag{color:#57606a;font-size:12px;border:1px solid #d0d7de;border-radius:999px;padding:0 6px}
.excerpt{color:#57606a;overflow:hidden;text-overflow:ellipsis}
.badge.outcome-lost,.badge.status-fail,.badge.outcome-fail{background:#cf222e}
.badge.outcome-won,.badge.status-pass,.badge.outcome-pass{background:#1a7f37}
.badge.outcome-error,.badge.status-error,.badge.outcome-skipped,.badge.status-skipped{background:#8c959f}
.item-body{padding:10px 14px 14px}
.item-body h3{margin:10px 0 4px;font-size:14px}
.item-body h4{margin:8px 0 2px;font-size:13px}
.item-body .meta{color:#57606a;font-weight:400;font-size:12px}
.results{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
.result{border:1px solid #eaeef2;border-radius:6px;padding:4px 10px 8px}
.result dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:4px 0;font-size:13px}
.result dt{color:#57606a}
.result dd{margin:0;overflow-wrap:anywhere}
pre{margin:0;padding:6px 8px;background:#f6f8fa;border-radius:4px;font-size:13px;white-space:pre-wrap;overflow-wrap:anywhere;max-height:360px;overflow:auto}
`;
