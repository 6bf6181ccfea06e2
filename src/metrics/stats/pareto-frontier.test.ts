import { describe, expect, it } from 'vitest';
import { paretoFrontier } from './pareto-frontier.js';

describe('paretoFrontier', () => {
  it('keeps the points no other point beats on both cost and quality', () => {
    const points = [
      { name: 'all-frontier', costUsd: 10, quality: 0.9 },
      { name: 'all-cheap', costUsd: 1, quality: 0.6 },
      { name: 'routed', costUsd: 4, quality: 0.85 },
      { name: 'worse-routed', costUsd: 5, quality: 0.8 },
    ];
    expect(paretoFrontier(points)).toEqual(['all-frontier', 'all-cheap', 'routed']);
  });

  it('needs one strict improvement to dominate: identical points both stay', () => {
    expect(
      paretoFrontier([
        { name: 'a', costUsd: 2, quality: 0.7 },
        { name: 'b', costUsd: 2, quality: 0.7 },
      ]),
    ).toEqual(['a', 'b']);
    expect(
      paretoFrontier([
        { name: 'same-cost-worse', costUsd: 2, quality: 0.6 },
        { name: 'same-cost-better', costUsd: 2, quality: 0.7 },
        { name: 'same-quality-dearer', costUsd: 3, quality: 0.7 },
      ]),
    ).toEqual(['same-cost-better']);
  });

  it('handles one point and leaves out points that cannot be compared', () => {
    expect(paretoFrontier([{ name: 'only', costUsd: 1, quality: 0.5 }])).toEqual(['only']);
    expect(
      paretoFrontier([
        { name: 'ungraded', costUsd: 0, quality: Number.NaN },
        { name: 'graded', costUsd: 1, quality: 0.5 },
      ]),
    ).toEqual(['graded']);
    expect(paretoFrontier([])).toEqual([]);
  });
});
