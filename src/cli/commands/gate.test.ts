import { describe, expect, it } from 'vitest';
import { gateCommandLine } from './gate.js';

describe('gate\'s command line', () => {
  it('makes the criteria of the criterion flags alone: the database, baseline and JUnit file are not criteria', () => {
    const options = gateCommandLine.parse({ db: 'r.db', run: 'latest', resamples: 500, configs: ['routed'], maxQualityLossPp: 1, requireNonInferior: true,
      baseline: 'old.db:2', maxRegressionPp: 2, allowSuiteChange: true, junit: 'gate.xml' });
    expect(options).toEqual({
      gate: { databasePath: 'r.db', run: 'latest', baseline: 'old.db:2', allowSuiteChange: true, resamples: 500,
        criteria: { configurations: ['routed'], maxQualityLossPp: 1, requireNonInferior: true, maxRegressionPp: 2 } },
      junit: 'gate.xml',
    });
  });
});
