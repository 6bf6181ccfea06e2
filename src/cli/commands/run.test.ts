import { describe, expect, it } from 'vitest';
import { runCommandLine } from './run.js';

/** What commander hands `run` with no flag given: its defaults. */
const defaults = { db: 'results/route-bench.db', concurrency: 32, repeat: 1, cache: true, progress: 'auto', format: 'table', resamples: 10_000 };

describe('run\'s command line', () => {
  it('becomes the runner\'s own settings, the report\'s, and where the run and its database are', () => {
    const options = runCommandLine.parse({ ...defaults, suite: 'suite.yaml', db: 'r.db', configs: ['routed'], limit: 5, seed: 3, repeat: 2,
      cache: false, maxCostUsd: 1.5, shard: { index: 2, count: 4 }, progress: 'none', format: 'json', out: 'report.json', stratify: true });
    expect(options).toEqual({
      suitePath: 'suite.yaml',
      resume: undefined,
      database: 'r.db',
      run: { configurations: ['routed'], concurrency: 32, limit: 5, seed: 3, repeat: 2, useCache: false, maxCostUsd: 1.5, shard: { index: 2, count: 4 } },
      report: { format: 'json', out: 'report.json', resamples: 10_000, stratifyByTag: true },
      progress: 'none',
    });
  });

  it('lets a resume leave out the suite and keep a budget, and refuses a flag that would change the run it continues', () => {
    expect(runCommandLine.parse({ ...defaults, resume: 'latest', maxCostUsd: 10, cache: false })).toMatchObject({ suitePath: undefined, resume: 'latest' });
    const refusals = [{ configs: ['all-big'] }, { limit: 5 }, { seed: 0 }, { shard: { index: 1, count: 2 } }, { repeat: 3 }].map((flag) =>
      runCommandLine.safeParse({ ...defaults, suite: 'suite.yaml', resume: 'latest', ...flag }).error?.issues.map((issue) => issue.message));
    expect(refusals).toEqual(['configs', 'limit', 'seed', 'shard', 'repeat'].map((flag) => [`--resume continues a run with its own settings; drop --${flag}`]));
  });

  it('names only the first such flag, as one problem', () => {
    const outcome = runCommandLine.safeParse({ ...defaults, resume: '3', configs: ['a'], limit: 2, repeat: 2 });
    expect(outcome.error?.issues.map((issue) => issue.message)).toEqual(['--resume continues a run with its own settings; drop --configs']);
  });

  it('refuses an option it was not told of, so a flag declared in main.ts is never dropped unseen', () => {
    expect(runCommandLine.safeParse({ ...defaults, suite: 'suite.yaml', budget: 3 }).success).toBe(false);
  });
});
