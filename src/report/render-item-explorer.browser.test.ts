import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { explorerRun, hostileOutputs } from './__fixtures__/explorer-run.js';
import { sampleReport } from './__fixtures__/sample-report.js';
import { explorerOfStoredRun } from './item-explorer.js';
import { renderHtml } from './render-html.js';

const executablePath = '/usr/bin/chromium';
const skip = process.env.ROUTE_BENCH_SKIP_BROWSER === '1';

describe.skipIf(skip)('the item explorer in a real browser', () => {
  it('filters to the lost items, opens one, and shows hostile answers as text that never runs', async () => {
    if (!existsSync(executablePath)) {
      throw new Error(`${executablePath} not found: install it (apt-get install -y chromium) or set ROUTE_BENCH_SKIP_BROWSER=1 to skip this test`);
    }
    const directory = await mkdtemp(join(tmpdir(), 'route-bench-items-'));
    const browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const { database, runId } = explorerRun();
      const file = join(directory, 'report.html');
      await writeFile(file, await renderHtml(sampleReport, explorerOfStoredRun(database, runId)));
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const attempted: string[] = [];
      await context.route('**', (route) => {
        if (route.request().url().startsWith('file:')) return route.continue();
        attempted.push(route.request().url());
        return route.abort();
      });
      const page = await context.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const rows = page.locator('#items details.item');
      const visible = page.locator('#items details.item:not([hidden])');
      await expect(rows.count()).resolves.toBe(6);
      // Our script ran: it wrote the count.
      await expect(page.locator('#filter-count').textContent()).resolves.toBe('6 of 6 rows');

      await page.selectOption('#filter-outcome', 'lost');
      await expect(page.locator('#filter-count').textContent()).resolves.toBe('2 of 6 rows');
      await expect(visible.locator('summary .row-id').allTextContents()).resolves.toEqual(['c', 'e']);
      await expect(rows.nth(3).isVisible()).resolves.toBe(false);

      const lost = visible.first();
      await expect(lost.locator('.item-body').isVisible()).resolves.toBe(false);
      await lost.locator('summary').click();
      await expect(lost.getAttribute('open')).resolves.toBe('');
      const body = lost.locator('.item-body');
      await expect(body.isVisible()).resolves.toBe(true);
      const text = await body.innerText();
      for (const shown of ['Clause question: Payment window?', '45 days', 'rationale: unless disputed', 'cheap (default)',
        'fail 0.00 · judge: the answer is a script, not a period', 'pass 1.00 · equals "45 days"', '31 in, 9 out', '$0.000120', '12 ms', '40 ms']) {
        expect(text).toContain(shown);
      }
      // The script tag an answer holds is its text, shown whole.
      await expect(body.locator('.result.status-fail pre').innerText()).resolves.toBe(hostileOutputs.script);

      // The markup answer (item e) and the image answer (item d) are text too; none made an element.
      await visible.nth(1).locator('summary').click();
      await expect(visible.nth(1).locator('.result.status-fail pre').innerText()).resolves.toBe(hostileOutputs.markup);
      await page.selectOption('#filter-outcome', 'error');
      await expect(visible.locator('summary .row-id').allTextContents()).resolves.toEqual(['d']);
      await visible.first().locator('summary').click();
      await expect(visible.first().locator('.result.status-error pre').innerText()).resolves.toBe(hostileOutputs.image);
      await expect(page.locator('#items img, #items .injected, #items a[href^="javascript"], #items script').count()).resolves.toBe(0);

      // The other filters: won, a tag, free text, and nothing matching.
      await page.selectOption('#filter-outcome', 'won');
      await expect(visible.locator('summary .row-id').allTextContents()).resolves.toEqual(['f']);
      await page.selectOption('#filter-outcome', '');
      await page.selectOption('#filter-tag', 'amount');
      await expect(visible.locator('summary .row-id').allTextContents()).resolves.toEqual(['d']);
      await page.selectOption('#filter-tag', '');
      await page.fill('#filter-text', 'DELAWARE');
      await expect(visible.locator('summary .row-id').allTextContents()).resolves.toEqual(['b']);
      await page.selectOption('#filter-configuration', 'routed');
      await page.fill('#filter-text', 'no such text');
      await expect(visible.count()).resolves.toBe(0);
      await expect(page.locator('#no-rows').isVisible()).resolves.toBe(true);

      await expect(page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      expect(attempted).toEqual([]);
    } finally {
      await browser.close();
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('blocks a script the page did not bring: the policy allows only ours, by its hash', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'route-bench-items-'));
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const { database, runId } = explorerRun();
      const html = await renderHtml(sampleReport, explorerOfStoredRun(database, runId));
      // Were an answer to slip past the escaping, its script and handler would meet the policy: planted here by hand.
      const planted = html.replace('</main>', '</main><script>window.__pwned = "planted"</script><img src="data:," onerror="window.__pwned = \'handler\'">');
      const file = join(directory, 'planted.html');
      await writeFile(file, planted);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await expect(page.locator('#filter-count').textContent()).resolves.toBe('6 of 6 rows');
      await expect(page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();
      // The same page without the policy runs the planted script: the check above can fail.
      await writeFile(file, planted.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''));
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      await expect(page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).resolves.toBeDefined();
    } finally {
      await browser.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
