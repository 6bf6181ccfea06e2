import { describe, expect, it } from 'vitest';
import type { CriterionOutcome } from './criteria.js';
import { renderGateLines } from './render-gate.js';

const holds: CriterionOutcome = { configuration: 'routed', criterion: 'cost reduction vs all-big', measured: '8.90x', threshold: '>= 2.00x',
  passed: true, unanswered: '0 of 40 answers missing or ungraded' };
const breaks: CriterionOutcome = { configuration: 'routed', criterion: 'quality change vs all-big', measured: '-25.00 pp', threshold: '>= -1.00 pp',
  passed: false, unanswered: '0 of 40 answers missing or ungraded' };

describe('renderGateLines', () => {
  it('names the judged run first, then one line per criterion and the verdict', () => {
    expect(renderGateLines({ id: 7, suite: 'contract-review', status: 'complete' }, [holds, breaks])).toBe([
      'gate · run 7 · contract-review · complete',
      'PASS  routed: cost reduction vs all-big: 8.90x (needs >= 2.00x) [0 of 40 answers missing or ungraded]',
      'FAIL  routed: quality change vs all-big: -25.00 pp (needs >= -1.00 pp) [0 of 40 answers missing or ungraded]',
      'gate failed: 1 of 2 criteria do not hold',
      '',
    ].join('\n'));
  });

  it('says the gate passed when every criterion holds', () => {
    expect(renderGateLines({ id: 2, suite: 'gated', status: 'complete' }, [holds])).toBe(
      'gate · run 2 · gated · complete\nPASS  routed: cost reduction vs all-big: 8.90x (needs >= 2.00x) [0 of 40 answers missing or ungraded]\ngate passed: 1 criteria hold\n');
  });

  it('prints what a comparison with a baseline stands on under the first line', () => {
    const note = 'baseline main.json (run 1): 40 of 50 items shared (80%, needs >= 50%), 10 added, 0 removed, 0 changed; checks unchanged';
    expect(renderGateLines({ id: 2, suite: 'gated', status: 'complete' }, [holds], note).split('\n').slice(0, 2)).toEqual(['gate · run 2 · gated · complete', note]);
  });
});
