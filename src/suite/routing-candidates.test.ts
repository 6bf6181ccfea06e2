import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSuite } from '../runner/run-suite.js';
import { simulateStored, sweepStored } from '../offline/__fixtures__/stored-runs.js';
import { loadSuite } from './load-suite.js';

/** big and small answer; judge grades, and is the dearest of the three (as a grading model often is). */
const models = `models:
  big: { provider: mock, quality: 1, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, quality: 0.7, price: { input_mtok: 1, output_mtok: 2 } }
  judge: { provider: mock, replies: ['{"verdict": "pass", "score": 1, "reason": "ok"}'], price: { input_mtok: 20, output_mtok: 60 } }
`;
const items = `items:
${Array.from({ length: 12 }, (_, index) => `  - { id: i${index}, q: "question ${index}", expected: "answer ${index}" }`).join('\n')}
`;
const judgedChecks = 'checks: [{ type: llm-judge, model: judge }]\n';

const itemsWithOwnJudge = items.replace('expected: "answer 0" }', 'expected: "answer 0", checks: [{ type: llm-judge, model: judge }] }');

async function load(body: string, itemList = items) {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-candidates-'));
  writeFileSync(join(folder, 'suite.yaml'), `name: candidates\nprompt: "{{q}}"\n${body}${itemList}`);
  return { folder, suite: await loadSuite(join(folder, 'suite.yaml')) };
}

describe('a model used only as a judge is no routing candidate', () => {
  it('is left out of the default configurations', async () => {
    const { suite } = await load(`${judgedChecks}${models}`);
    expect(suite.configurations.map((configuration) => configuration.name)).toEqual(['all-big', 'all-small']);
    // Without a judge, every model is a candidate.
    const { suite: unjudged } = await load(`checks: [{ type: exact }]\n${models}`);
    expect(unjudged.configurations.map((configuration) => configuration.name)).toEqual(['all-big', 'all-small', 'all-judge']);
  });

  it('is not the default frontier (the dearest model, when the baseline is routed), though it is the dearest', async () => {
    const routedBaseline = `configurations:
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: big }], default: small }
`;
    expect((await load(`${judgedChecks}${models}${routedBaseline}`)).suite.frontier).toBe('big');
    expect((await load(`checks: [{ type: exact }]\n${models}${routedBaseline}`)).suite.frontier).toBe('judge');
  });

  it('is not the default weak model of a random or threshold router, nor among an oracle\'s models', async () => {
    const { suite } = await load(`${judgedChecks}${models}configurations:
  all-big: { model: big }
  all-small: { model: small }
  mix: { router: random, p: 0.3 }
  learned: { router: threshold }
  best: { router: oracle }
baseline: all-big
`);
    expect(suite.configurations.find((configuration) => configuration.name === 'mix')).toMatchObject({ strong: 'big', weak: 'small' });
    expect(suite.configurations.find((configuration) => configuration.name === 'learned')).toMatchObject({ strong: 'big', weak: 'small' });
    expect(suite.configurations.find((configuration) => configuration.name === 'best')).toMatchObject({ models: ['big', 'small'] });
  });

  it('is a candidate when a configuration routes to it, and a judge named in an item\'s own checks counts too', async () => {
    const named = await load(`${judgedChecks}${models}configurations:
  all-big: { model: big }
  all-judge: { model: judge }
  mix: { router: random, p: 0.3, strong: big }
`).catch((error: Error) => error);
    // big, small and judge are all candidates now: the weak model must be named.
    expect(String(named)).toContain('name the cheap model: weak: <one of small, judge>');
    // Here only the first item's own checks ask the judge.
    const { suite } = await load(`checks: [{ type: exact }]\n${models}configurations:
  all-big: { model: big }
  all-small: { model: small }
  mix: { router: random, p: 0.3 }
`, itemsWithOwnJudge);
    expect(suite.configurations.find((configuration) => configuration.name === 'mix')).toMatchObject({ weak: 'small' });
  });

  it('is not the default weak model of a sweep or a simulation of a stored run', async () => {
    // The stored run's models include the judge, whatever the suite's defaults made of it.
    const { folder, suite } = await load(`${judgedChecks}${models}configurations:\n  all-big: { model: big }\n  all-small: { model: small }\n`);
    const databasePath = join(folder, 'judged.db');
    await runSuite(suite, { databasePath, concurrency: 4 });
    const sweep = await sweepStored({ databasePath, router: 'random', grid: '0:1:0.5' });
    expect(sweep.points.map((point) => point.frontierShare)).toEqual([0, expect.any(Number), 1]);
    const simulated = await simulateStored({ databasePath, router: '{ router: random, p: 0.5 }', name: 'mix' });
    expect(simulated.configuration).toMatchObject({ strong: 'big', weak: 'small' });
    const oracle = await simulateStored({ databasePath, router: 'oracle' });
    expect(oracle.configuration).toMatchObject({ models: ['big', 'small'] });
  }, 30_000);
});
