import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { storeRun, type PlannedResult } from '../store/__fixtures__/stored-run.js';
import { explorerRun, hostileOutputs } from './__fixtures__/explorer-run.js';
import { sampleReport } from './__fixtures__/sample-report.js';
import { explorerOfStoredRun } from './item-explorer.js';
import { renderHtml } from './render-html.js';
import { explorerScript, maxTextChars } from './render-item-explorer.js';

function scripts(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)].map((match) => match[1]!);
}

describe('the HTML report\'s item explorer', () => {
  it('has one script, ours, allowed by its hash and nothing else; no external resource', async () => {
    const { database, runId } = explorerRun();
    const html = await renderHtml(sampleReport, explorerOfStoredRun(database, runId));
    expect(scripts(html)).toEqual([explorerScript]);
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    const hash = createHash('sha256').update(scripts(html)[0]!).digest('base64');
    expect(policy).toBe(`default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`);
    expect(html).not.toMatch(/<link|src="http|href="http|url\(|@import/i);
    // No event handler attribute anywhere: the policy would block one, and none is ours.
    expect(html).not.toMatch(/<[^>]+\son[a-z]+=/i);
  });

  it('escapes every answer, reason and prompt: a hostile output is text', async () => {
    const { database, runId } = explorerRun();
    const html = await renderHtml(sampleReport, explorerOfStoredRun(database, runId));
    const items = html.slice(html.indexOf('<section id="items">'));
    expect(items).not.toContain('<img');
    expect(items).not.toContain('<b class="injected">');
    expect(items).not.toContain('href="javascript');
    expect(items).toContain('<pre>&lt;script&gt;window.__pwned = &quot;script&quot;&lt;/script&gt;</pre>');
    expect(items).toContain('&lt;/pre&gt;&lt;/details&gt;&lt;b class=&quot;injected&quot;&gt;bold&lt;/b&gt;');
    expect(items).toContain('&lt;img src=x onerror=&quot;window.__pwned = &#39;img&#39;&quot;&gt;');
    expect(hostileOutputs.script).toContain('<script>');
  });

  it('shows lost and won first, with the prompt, the reference and its fields, the route, grade, tokens, cost and latency', async () => {
    const { database, runId } = explorerRun();
    const explorer = explorerOfStoredRun(database, runId);
    expect(explorer.configurations).toEqual([{ name: 'routed', items: 6, lost: 2, won: 1, fail: 2, error: 1, skipped: 0, shown: 6 }]);
    expect(explorer.rows.map((row) => `${row.itemId}:${row.outcome}`)).toEqual(['c:lost', 'e:lost', 'f:won', 'a:pass', 'b:pass', 'd:error']);
    const lost = explorer.rows[0]!;
    expect(lost.prompt).toBe('Clause question: Payment window?');
    expect(lost.reference).toBe('45 days\n\nrationale: unless disputed');
    expect(lost.result).toMatchObject({ model: 'cheap', routeReason: 'default', reason: 'judge: the answer is a script, not a period', costUsd: 0.00012, latencyMs: 12,
      answers: [{ model: 'cheap', output: hostileOutputs.script, inputTokens: 31, outputTokens: 9 }] });
    expect(lost.baseline).toMatchObject({ configuration: 'all-frontier', status: 'pass', answers: [{ model: 'frontier', output: '45 days' }] });
    const html = await renderHtml(sampleReport, explorer);
    const row = html.slice(html.indexOf('<details class="item" data-configuration="routed" data-outcome="lost"'), html.indexOf('</details>') + 10);
    for (const text of ['Clause question: Payment window?', 'rationale: unless disputed', 'cheap (default)', 'fail 0.00 · judge: the answer is a script, not a period',
      '$0.000120', '12 ms', '31 in, 9 out', 'pass 1.00 · equals &quot;45 days&quot;', '$0.00210', '40 ms']) {
      expect(row).toContain(text);
    }
    expect(html).toContain('<strong>routed</strong>: 2 lost, 1 won of 6 items; all shown');
  });

  it('embeds a bounded page of a 100,000-item run: every lost and won item, a sample of the rest, the count left out and how to list it, in under 3 MB', async () => {
    const count = 100_000;
    const sentence = 'The Supplier shall indemnify the Customer against every claim arising from the services, except as set out in clause 9.2. ';
    const { database, runId } = storeRun({
      prompt: 'Clause:\n{{clause}}\n\n{{question}}',
      baseline: 'all-frontier',
      configurations: [
        { name: 'all-frontier', kind: 'fixed', spec: { model: 'frontier' } },
        { name: 'all-cheap', kind: 'fixed', spec: { model: 'cheap' } },
        { name: 'routed', kind: 'rules', spec: { router: 'rules' } },
      ],
      items: Array.from({ length: count }, (_, at) => ({ id: `item-${at}`, tags: [at % 5 === 0 ? 'hard' : 'easy'],
        fields: { clause: sentence.repeat(3), question: 'Which party indemnifies?' }, expected: 'the Supplier' })),
      result(configuration, _item, at): PlannedResult {
        const wrong = configuration === 'all-cheap' ? at % 7 === 0 : configuration === 'routed' ? at % 61 === 0 || at % 1000 === 3 : at % 97 === 0;
        // A few answers are far longer than a page shows (routed loses those items): they are cut.
        const output = at % 1000 === 3 ? `The Customer. ${sentence.repeat(200)}` : wrong ? 'The Customer.' : 'The answer is the Supplier.';
        return { status: wrong ? 'fail' : 'pass', output, model: configuration === 'all-frontier' ? 'frontier' : 'cheap', reason: wrong ? 'expected "the Supplier"' : 'contains "the Supplier"',
          tokens: [80, 8] };
      },
    });
    const explorer = explorerOfStoredRun(database, runId);
    const html = await renderHtml(sampleReport, explorer);
    const bytes = Buffer.byteLength(html);
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
    const routed = explorer.configurations.find((each) => each.name === 'routed')!;
    const cheap = explorer.configurations.find((each) => each.name === 'all-cheap')!;
    expect(routed.items).toBe(count);
    expect(routed.shown).toBe(explorer.perConfiguration);
    expect(cheap.lost).toBeGreaterThan(explorer.perConfiguration);
    expect(explorer.rows.filter((row) => row.configuration === 'all-cheap').every((row) => row.outcome === 'lost')).toBe(true);
    const routedRows = explorer.rows.filter((row) => row.configuration === 'routed');
    expect(routedRows.slice(0, routed.lost + routed.won).every((row) => row.outcome === 'lost' || row.outcome === 'won')).toBe(true);
    expect(html).toContain(`${count - routed.shown} left out: \`route-bench items --run ${runId} --configuration routed\` lists them`);
    expect(html).toContain(`more characters: \`route-bench items --format jsonl\` has the whole text.`);
    expect(html.match(/<details class="item"/g)).toHaveLength(2 * explorer.perConfiguration);
    expect(maxTextChars).toBeLessThan(sentence.length * 200);
  });
});
