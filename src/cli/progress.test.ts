import { describe, expect, it } from 'vitest';
import { describeProgress } from './progress.js';

const base = { done: 0, total: 300, passed: 0, doneBefore: 0, failedAttempts: 0, retriesWaiting: 0, spentUsd: 0 };

describe('describeProgress', () => {
  it('shows failed attempts, retries waiting and money spent, so a failing provider is not taken for a slow one', () => {
    expect(describeProgress({ ...base, done: 125, failedAttempts: 240, retriesWaiting: 4 }, 12))
      .toBe('125/300 answers (42%), 0 passed, 240 failed attempts, 4 waiting to retry, $0 spent, 12.0 s, ETA 17 s');
  });

  it('estimates the time left from this process\'s own rate: a resume starts with answers it did not make', () => {
    // 100 done before this process, 50 since in 10 s: 150 left at 5 a second.
    expect(describeProgress({ ...base, done: 150, doneBefore: 100, passed: 140, spentUsd: 0.1234 }, 10))
      .toBe('150/300 answers (50%), 140 passed, $0.12 spent, 10.0 s, ETA 30 s');
    expect(describeProgress({ ...base, done: 100, doneBefore: 100, spentUsd: 2.5 }, 10)).toBe('100/300 answers (33%), 0 passed, $2.50 spent, 10.0 s');
    expect(describeProgress({ ...base, done: 10, total: 100_000 }, 60)).toMatch(/ETA 166 h 39 min$/);
  });
});
