import { describe, expect, it } from 'vitest';
import { sampleReport } from './__fixtures__/sample-report.js';
import { renderTable } from './render-table.js';

const widest = (text: string) => Math.max(...text.split('\n').filter((line) => /^[│┌└]/.test(line)).map((line) => [...line].length));

describe('the terminal table', () => {
  it('is whole when nothing says how wide the terminal is', () => {
    const text = renderTable(sampleReport);
    expect(text).toContain('p95');
    expect(text).not.toContain('left out to fit');
  });

  it('leaves out its least needed columns, and says which, until every row fits the terminal', () => {
    const full = widest(renderTable(sampleReport));
    for (const width of [full - 1, 100, 80]) {
      const text = renderTable(sampleReport, { width });
      expect(widest(text), `at ${width} columns`).toBeLessThanOrEqual(width);
      expect(text).toMatch(new RegExp(`\\(left out to fit ${width} columns: p95`));
      for (const kept of ['configuration', 'pass rate', 'Δ quality', 'reduction']) expect(text).toContain(kept);
    }
  });

  it('stacks each configuration as lines when no table fits, keeping every value', () => {
    const text = renderTable(sampleReport, { width: 40 });
    expect(text).not.toMatch(/[┌│└]/);
    expect(text).toMatch(/\n {2}p95: /);
    expect(text).toMatch(/\n {2}Δ quality: /);
  });
});
