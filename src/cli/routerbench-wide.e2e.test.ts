import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { uniform } from '../util/hash.js';

/*
 * RouterBench (Hu et al. 2024) publishes its data in a wide format: one row per
 * item with `sample_id`, `prompt` and `eval_name`, and per model a score
 * column named after the model, `<model>|model_response` and
 * `<model>|total_cost`. The rows here are our own, drawn from a seeded
 * generator in that shape; the test converts them into the dataset and replay
 * files route-bench reads and checks the run against numbers it computes from
 * the rows itself.
 */

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const cli = join(here, '../../dist/route-bench.js');

async function routeBench(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

/** The suite's key for a model, RouterBench's name for it, its cost per answer and how often it is right. */
const models = [
  { key: 'gpt-4', name: 'gpt-4-1106-preview', costUsd: 0.02, skill: 0.86 },
  { key: 'claude-v2', name: 'claude-v2', costUsd: 0.009, skill: 0.74 },
  { key: 'gpt-3.5', name: 'gpt-3.5-turbo-1106', costUsd: 0.0012, skill: 0.66 },
  { key: 'yi-34b', name: 'zero-one-ai/Yi-34B-Chat', costUsd: 0.0008, skill: 0.6 },
  { key: 'mixtral', name: 'mistralai/mixtral-8x7b-chat', costUsd: 0.0006, skill: 0.58 },
  { key: 'llama-70b', name: 'meta/llama-2-70b-chat', costUsd: 0.0009, skill: 0.5 },
  { key: 'wizardlm-13b', name: 'WizardLM/WizardLM-13B-V1.2', costUsd: 0.0003, skill: 0.42 },
  { key: 'mistral-7b', name: 'mistralai/mistral-7b-chat', costUsd: 0.0002, skill: 0.36 },
] as const;
const evals = ['mmlu', 'gsm8k', 'hellaswag', 'arc-challenge', 'mt-bench'] as const;
const itemCount = 240;
/** The random router routes between two middle models, so anchoring on the suite's ends would show. */
const strong = 'claude-v2';
const weak = 'wizardlm-13b';
const randomSeed = 11;

/** mulberry32: a small seeded generator, so the rows are the same on every machine. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** The wide CSV: 0/1 scores, except MT-Bench's graded ones (tenths from 0 to 1), as RouterBench normalises them. */
function wideCsv(): string {
  const random = seededRandom(2024);
  const header = ['sample_id', 'prompt', 'eval_name', ...models.flatMap(({ name }) => [name, `${name}|model_response`, `${name}|total_cost`])];
  const rows: unknown[][] = [header];
  for (let index = 0; index < itemCount; index++) {
    const evalName = evals[index % evals.length]!;
    const difficulty = random() * 0.6 - 0.3;
    const row: unknown[] = [`${evalName}.${index}`, `Question ${index} of ${evalName}: "quoted", with a comma\nand a second line`, evalName];
    for (const model of models) {
      const luck = random();
      const score = evalName === 'mt-bench' ? Math.round(10 * Math.min(1, Math.max(0, model.skill - difficulty + (luck - 0.5) * 0.8))) / 10 : luck < model.skill - difficulty ? 1 : 0;
      const cost = model.costUsd * (0.5 + random());
      row.push(score, `${model.key} says: answer ${index}, "${score >= 0.5 ? 'right' : 'wrong'}"`, cost);
    }
    rows.push(row);
  }
  return stringify(rows);
}

interface Answer {
  score: number;
  costUsd: number;
}

/** The wide rows as route-bench's files: a dataset and one replay file of every model's answers. */
function convert(csv: string, folder: string): { items: string[]; answers: Map<string, Answer[]> } {
  const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
  const modelNames = Object.keys(rows[0]!).filter((column) => !column.includes('|') && !['sample_id', 'prompt', 'eval_name'].includes(column));
  const answers = new Map(modelNames.map((name) => [name, [] as Answer[]]));
  const items: string[] = [];
  const dataset: string[] = [];
  const replay: string[] = [];
  for (const row of rows) {
    items.push(row.sample_id!);
    dataset.push(JSON.stringify({ id: row.sample_id, prompt: row.prompt, eval_name: row.eval_name, tags: [row.eval_name] }));
    for (const name of modelNames) {
      const answer = { score: Number(row[name]), costUsd: Number(row[`${name}|total_cost`]) };
      answers.get(name)!.push(answer);
      replay.push(JSON.stringify({ id: row.sample_id, model: name, output: row[`${name}|model_response`], cost_usd: answer.costUsd, score: answer.score }));
    }
  }
  writeFileSync(join(folder, 'items.jsonl'), `${dataset.join('\n')}\n`);
  writeFileSync(join(folder, 'replay.jsonl'), `${replay.join('\n')}\n`);
  return { items, answers };
}

function suiteYaml(): string {
  const modelLines = models.map(({ key, name }) => `  ${key}: { provider: replay, model: ${JSON.stringify(name)}, file: replay.jsonl }`);
  const fixedLines = models.map(({ key }) => `  all-${key}: { model: ${key} }`);
  return [
    'name: routerbench-wide',
    'dataset: items.jsonl',
    'prompt: "{{prompt}}"',
    'checks: [{ type: recorded }]',
    'models:',
    ...modelLines,
    'configurations:',
    ...fixedLines,
    `  random-half: { router: random, p: 0.5, strong: ${strong}, weak: ${weak}, seed: ${randomSeed} }`,
    '  oracle: { router: oracle }',
    'baseline: all-gpt-4',
    '',
  ].join('\n');
}

interface ConfigurationJson {
  name: string;
  passRate: number;
  costUsd: number;
  pgr: number | null;
  apgr: number | null;
  anchors: { cheap: string; frontier: string } | null;
}

describe('a RouterBench wide-format file, replayed with no prices', () => {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-routerbench-'));
  const { items, answers } = convert(wideCsv(), folder);
  writeFileSync(join(folder, 'suite.yaml'), suiteYaml());
  const passes = (answer: Answer) => answer.score >= 0.5;
  const passRateOf = (name: string) => answers.get(name)!.filter(passes).length / itemCount;
  const keyOf = (name: string) => models.find((model) => model.name === name)!.key;
  const nameOf = (key: string) => models.find((model) => model.key === key)!.name;

  it('has the shape the task asks for: at least 6 models, 200 items, and graded (not only 0/1) scores', () => {
    expect(answers.size).toBeGreaterThanOrEqual(6);
    expect(items.length).toBeGreaterThanOrEqual(200);
    const partial = [...answers.values()].flat().filter((answer) => answer.score > 0 && answer.score < 1);
    expect(partial.length).toBeGreaterThan(50);
  });

  it('runs; per-model pass rate and cost, the oracle and the random router\'s APGR match the rows', async () => {
    const db = join(folder, 'results.db');
    const result = await routeBench(['run', join(folder, 'suite.yaml'), '--db', db, '--progress', 'none', '--format', 'json', '--resamples', '200']);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { configurations: ConfigurationJson[]; oracle: { quality: number; meanScore: number; costUsd: number } };
    const byName = new Map(report.configurations.map((configuration) => [configuration.name, configuration]));

    for (const [name, modelAnswers] of answers) {
      const configuration = byName.get(`all-${keyOf(name)}`)!;
      expect(configuration.passRate).toBeCloseTo(passRateOf(name), 12);
      expect(configuration.costUsd).toBeCloseTo(modelAnswers.reduce((total, answer) => total + answer.costUsd, 0), 12);
    }

    // The oracle: per item the highest score, the cheapest among ties.
    let oraclePasses = 0;
    let oracleScores = 0;
    let oracleCost = 0;
    for (let item = 0; item < itemCount; item++) {
      let best: Answer | undefined;
      for (const modelAnswers of answers.values()) {
        const answer = modelAnswers[item]!;
        if (!best || answer.score > best.score || (answer.score === best.score && answer.costUsd < best.costUsd)) best = answer;
      }
      oraclePasses += passes(best!) ? 1 : 0;
      oracleScores += best!.score;
      oracleCost += best!.costUsd;
    }
    expect(report.oracle.quality).toBeCloseTo(oraclePasses / itemCount, 12);
    expect(report.oracle.meanScore).toBeCloseTo(oracleScores / itemCount, 12);
    expect(report.oracle.costUsd).toBeCloseTo(oracleCost, 12);
    expect(byName.get('oracle')!.passRate).toBeCloseTo(oraclePasses / itemCount, 12);
    expect(byName.get('oracle')!.costUsd).toBeCloseTo(oracleCost, 12);

    // The random router, between its own two models: each item goes to strong when its draw is below p.
    const strongAnswers = answers.get(nameOf(strong))!;
    const weakAnswers = answers.get(nameOf(weak))!;
    const draws = items.map((id) => uniform(randomSeed, 'random-router', id));
    const qualityAt = (p: number) => draws.reduce((total, draw, item) => total + (passes(draw < p ? strongAnswers[item]! : weakAnswers[item]!) ? 1 : 0), 0) / itemCount;
    const strongQuality = passRateOf(nameOf(strong));
    const weakQuality = passRateOf(nameOf(weak));
    const pgr = (quality: number) => (quality - weakQuality) / (strongQuality - weakQuality);
    const random = byName.get('random-half')!;
    expect(random.anchors).toMatchObject({ cheap: `all-${weak}`, frontier: `all-${strong}` });
    expect(random.passRate).toBeCloseTo(qualityAt(0.5), 12);
    expect(random.pgr).toBeCloseTo(pgr(qualityAt(0.5)), 12);
    // APGR: the area under PGR against the share sent to strong, by trapezoids over the swept settings of p.
    const curve = new Map<number, number>();
    for (let step = 0; step <= 200; step++) {
      const p = step / 200;
      curve.set(draws.filter((draw) => draw < p).length / itemCount, qualityAt(p));
    }
    const points = [...curve].sort(([left], [right]) => left - right);
    let apgr = 0;
    for (let index = 1; index < points.length; index++) {
      const [leftShare, leftQuality] = points[index - 1]!;
      const [rightShare, rightQuality] = points[index]!;
      apgr += ((rightShare - leftShare) * (pgr(leftQuality) + pgr(rightQuality))) / 2;
    }
    expect(random.apgr).toBeCloseTo(apgr, 12);
    // A random router recovers half the gap in expectation; over 240 items and a gap of some 30 points
    // the sampling error of APGR is about 0.04.
    expect(Math.abs(random.apgr! - 0.5)).toBeLessThan(0.1);

    // Costs are recorded: the stored price source says so, and no price was asked for.
    const database = new Database(db, { readonly: true });
    const sources = database.prepare('SELECT DISTINCT price_source FROM models').pluck().all() as string[];
    database.close();
    expect(sources).toEqual([expect.stringMatching(/^recorded: cost_usd on every row of .*replay\.jsonl$/)]);
  });

  it('refuses --repeat 2 on the replayed models in one line, exit 2', async () => {
    const result = await routeBench(['run', join(folder, 'suite.yaml'), '--db', join(folder, 'repeat.db'), '--progress', 'none', '--repeat', '2']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `error: --repeat 2: model "${models[0].key}" is replayed, and a recording holds one answer per item; run it with --repeat 1 (copies of one answer are not samples)`,
    ]);
    expect(readFileSync(join(folder, 'suite.yaml'), 'utf8')).not.toContain('price');
  });
});
