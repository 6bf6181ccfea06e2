import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sampleReport } from './__fixtures__/sample-report.js';
import { renderHtml } from './render-html.js';

const executablePath = '/usr/bin/chromium';
const skip = process.env.ROUTE_BENCH_SKIP_BROWSER === '1';

describe.skipIf(skip)('renderHtml in a real browser', () => {
  it('opens offline from a file, shows the headline and draws the chart', async () => {
    if (!existsSync(executablePath)) {
      throw new Error(`${executablePath} not found: install it (apt-get install -y chromium) or set ROUTE_BENCH_SKIP_BROWSER=1 to skip this test`);
    }
    const directory = await mkdtemp(join(tmpdir(), 'route-bench-html-'));
    const browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const file = join(directory, 'report.html');
      await writeFile(file, await renderHtml(sampleReport));
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      const attempted: string[] = [];
      await context.route('**', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        attempted.push(url);
        return route.abort();
      });
      const page = await context.newPage();
      page.on('request', (request) => {
        if (!request.url().startsWith('file:')) attempted.push(request.url());
      });
      // the blocking sees requests: a page that does fetch something is caught
      const canary = join(directory, 'canary.html');
      await writeFile(canary, '<!doctype html><img src="http://127.0.0.1:9/canary.png">');
      await page.goto(pathToFileURL(canary).href, { waitUntil: 'load' });
      expect(attempted).toContain('http://127.0.0.1:9/canary.png');
      attempted.length = 0;

      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(attempted).toEqual([]);
      await expect(page.locator('.headline').first().textContent()).resolves.toContain(sampleReport.headlines[0]!.text);
      const chart = page.locator('figure.chart svg');
      await expect(chart.count()).resolves.toBe(1);
      const box = await chart.boundingBox();
      expect(box?.width).toBeGreaterThan(300);
      expect(box?.height).toBeGreaterThan(200);
      await expect(chart.locator('.mark-symbol path').count()).resolves.toBeGreaterThan(0);
      await expect(chart.locator('.mark-line path').count()).resolves.toBeGreaterThan(0);
      await page.screenshot({ path: '/tmp/route-bench-report.png', fullPage: true });
      await page.locator('figure.chart').screenshot({ path: '/tmp/route-bench-chart.png' });
    } finally {
      await browser.close();
      await rm(directory, { recursive: true, force: true });
    }
  });
});
