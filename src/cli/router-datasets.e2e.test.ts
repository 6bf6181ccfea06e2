import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './__fixtures__/route-bench-process.js';
import { importFixtures, jsonLinesOf, newFolder } from './__fixtures__/import-e2e.js';

/**
 * `route-bench import --from <router dataset>` end to end: each public
 * format's fixture (written by hand in its published layout) imported,
 * then the suite it wrote run as written, with no call, and the report's
 * numbers checked against what the fixture's rows give when worked out by
 * hand (below each case). Then the ways such an import refuses.
 */

const datasets = join(importFixtures, 'router-datasets');
const at = (path: string) => join(datasets, path);

/** A configuration as worked out from the fixture: passes of graded answers, the cost (undefined: priced from tokens), gaps. */
interface Expected {
  passes: number;
  graded: number;
  costUsd?: number;
  gaps?: number;
}

interface DatasetCase {
  format: string;
  files: string[];
  extra?: string[];
  /** Records read, and the answers among them without a score (left out, counted). */
  read: number;
  withoutScore: number;
  items: number;
  baseline: string;
  configurations: Record<string, Expected>;
  /** Where each model's price comes from: recorded costs (no price), a bundled price, or a zero price marked TODO. */
  prices: Record<string, 'recorded' | 'bundled' | 'to set'>;
  /** Some items as written: id, tags and expected. */
  someItems: Array<{ id: string; tags: string[]; expected?: string }>;
}

const cases: DatasetCase[] = [
  {
    // Scores >= 0.5 pass. gpt-4: 1 1 1 0 .9 .3; claude: 1 0 1 0 .7 .6; mistral: 0 0 1 (none) .4 .2.
    // Oracle, the highest score and the cheapest among ties: claude, gpt-4, mistral, claude (all 0: the cheapest graded), gpt-4, claude.
    format: 'routerbench', files: [at('routerbench.csv')], read: 6, withoutScore: 1, items: 6, baseline: 'all-gpt-4-1106-preview',
    configurations: {
      'all-gpt-4-1106-preview': { passes: 4, graded: 6, costUsd: 0.010 + 0.012 + 0.020 + 0.018 + 0.030 + 0.025 },
      'all-claude-instant-v1': { passes: 4, graded: 6, costUsd: 0.002 + 0.002 + 0.004 + 0.003 + 0.006 + 0.005 },
      'all-mistral-7b-chat': { passes: 1, graded: 5, costUsd: 0.0002 + 0.0002 + 0.0004 + 0.0005 + 0.0005, gaps: 1 },
      oracle: { passes: 5, graded: 6, costUsd: 0.002 + 0.012 + 0.0004 + 0.003 + 0.030 + 0.005 },
    },
    prices: { 'gpt-4-1106-preview': 'recorded', 'claude-instant-v1': 'recorded', 'mistral-7b-chat': 'recorded' },
    someItems: [{ id: 'mmlu.1', tags: ['task:mmlu'] }, { id: 'mt-bench.1', tags: ['task:mt-bench'] }],
  },
  {
    // Mixtral: T F (none) T F; gpt-4: T T F F T. Oracle: Mixtral (a tie, priced 0), gpt-4, gpt-4 (Mixtral has no answer), Mixtral, gpt-4.
    format: 'routellm', files: [at('routellm/gsm8k_responses.csv')], extra: ['--gold', at('routellm/test.jsonl'), '--id-prefix', 'gsm'],
    read: 5, withoutScore: 1, items: 5, baseline: 'all-gpt-4-1106-preview',
    configurations: {
      'all-gpt-4-1106-preview': { passes: 3, graded: 5 },
      'all-mixtral-8x7b-instruct-v0.1': { passes: 2, graded: 4, costUsd: 0, gaps: 1 },
      oracle: { passes: 4, graded: 5 },
    },
    prices: { 'gpt-4-1106-preview': 'bundled', 'mixtral-8x7b-instruct-v0.1': 'to set' },
    // The gold file's "#### 1,000"-style answers without their commas; the courier's question is not in it.
    someItems: [{ id: 'gsm-1', tags: [], expected: '72' }, { id: 'gsm-2', tags: [], expected: '750' }, { id: 'gsm-3', tags: [] }],
  },
  {
    // gpt-4o-mini: 1 0 1 1; haiku: 0, (no score), 1, (no line). Oracle: gpt-4o-mini, gpt-4o-mini (fails), haiku (a tie, cheaper), gpt-4o-mini.
    format: 'routerarena', files: [at('routerarena/cached_results/gpt-4o-mini.jsonl'), at('routerarena/cached_results/claude-3-haiku-20240307.jsonl')],
    read: 7, withoutScore: 1, items: 4, baseline: 'all-gpt-4o-mini',
    configurations: {
      'all-gpt-4o-mini': { passes: 3, graded: 4, costUsd: 0.0004 + 0.0005 + 0.0001 + 0.0001 },
      'all-claude-3-haiku-20240307': { passes: 1, graded: 2, costUsd: 0.0002 + 0.00005, gaps: 2 },
      oracle: { passes: 3, graded: 4, costUsd: 0.0004 + 0.0005 + 0.00005 + 0.0001 },
    },
    prices: { 'gpt-4o-mini': 'recorded', 'claude-3-haiku-20240307': 'recorded' },
    someItems: [{ id: 'AIME_1', tags: ['task:AIME'], expected: '2' }, { id: 'ArcMMLU_5', tags: ['task:ArcMMLU'], expected: 'B' }],
  },
  {
    // gpt-5: aime 1 0, mmlu_pro 1 1; DeepHermes (no cost, priced 0): aime 0 1, mmlu_pro 1 (no score).
    // Oracle: gpt-5, DeepHermes, DeepHermes (a tie, cheaper), gpt-5.
    format: 'llmrouterbench', read: 8, withoutScore: 1, items: 4, baseline: 'all-gpt-5',
    files: [at('llmrouterbench/results/bench/aime/test/gpt-5/20250901-120000.json'),
      at('llmrouterbench/results/bench/aime/test/DeepHermes-3-Llama-3-8B-Preview/20250901-120000.json'), at('llmrouterbench/records.jsonl')],
    configurations: {
      'all-gpt-5': { passes: 3, graded: 4, costUsd: 0.012 + 0.015 + 0.002 + 0.003 },
      'all-deephermes-3-llama-3-8b-preview': { passes: 2, graded: 3, costUsd: 0, gaps: 1 },
      oracle: { passes: 4, graded: 4, costUsd: 0.012 + 0.003 },
    },
    prices: { 'gpt-5': 'recorded', 'deephermes-3-llama-3-8b-preview': 'to set' },
    someItems: [{ id: 'aime-1', tags: ['task:aime'], expected: '2' }, { id: 'mmlu_pro-8', tags: ['task:mmlu_pro'], expected: 'B' }],
  },
  {
    // model 0: 1 1 0 1; model 1: 1 0 0 0; model 2: 0 1 1 (none). The oracle passes every item. No cost anywhere: every price to set.
    format: 'embedllm', files: [at('embedllm/train.csv')], extra: ['--prompts', at('embedllm/prompts.csv')],
    read: 12, withoutScore: 1, items: 4, baseline: 'all-model-0',
    configurations: {
      'all-model-0': { passes: 3, graded: 4, costUsd: 0 },
      'all-model-1': { passes: 1, graded: 4, costUsd: 0 },
      'all-model-2': { passes: 2, graded: 3, costUsd: 0, gaps: 1 },
      oracle: { passes: 4, graded: 4, costUsd: 0 },
    },
    prices: { 'model-0': 'to set', 'model-1': 'to set', 'model-2': 'to set' },
    someItems: [{ id: '0', tags: [] }, { id: '3', tags: [] }],
  },
];

interface ConfigurationJson {
  name: string;
  passRate: number;
  costUsd: number;
  replayGaps: number;
}

describe('import --from a public router dataset, then run the suite it wrote', () => {
  it.each(cases)('$format: the report gives the numbers worked out from the fixture', async (entry) => {
    const out = newFolder(entry.format);
    const imported = await runCli(['import', ...entry.files, '--from', entry.format, '--out', out, ...(entry.extra ?? [])]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${entry.read} records read, ${entry.withoutScore} skipped (answers without a score)`);
    expect(imported.stdout).toContain(`${entry.items} items, ${Object.keys(entry.prices).length} models:`);

    const items = jsonLinesOf(join(out, 'items.jsonl')) as Array<{ id: string; prompt: string; tags: string[]; expected?: string }>;
    expect(items).toHaveLength(entry.items);
    for (const wanted of entry.someItems) {
      const item = items.find((each) => each.id === wanted.id);
      expect(item, wanted.id).toMatchObject({ tags: wanted.tags });
      expect(item!.expected, wanted.id).toBe(wanted.expected);
      expect(typeof item!.prompt).toBe('string');
    }

    const suiteText = readFileSync(join(out, 'suite.yaml'), 'utf8');
    const suite = parse(suiteText) as { prompt: string; baseline: string; checks: unknown[]; models: Record<string, { price?: unknown; on_missing?: string }>; configurations: Record<string, unknown> };
    expect(suite).toMatchObject({ prompt: '{{prompt}}', baseline: entry.baseline, checks: [{ type: 'recorded' }] });
    // Beside the configurations worked out here, a predictive router to start from.
    expect(Object.keys(suite.configurations).sort()).toEqual([...Object.keys(entry.configurations), 'predictive'].sort());
    expect(suite.configurations.predictive).toEqual({ router: 'predictive' });
    for (const [key, source] of Object.entries(entry.prices)) {
      expect(suite.models[key]!.price, key).toEqual(source === 'to set' ? { input_mtok: 0, output_mtok: 0 } : undefined);
      const gaps = entry.configurations[`all-${key}`]!.gaps ?? 0;
      expect(suite.models[key]!.on_missing, key).toBe(gaps > 0 ? 'skip' : undefined);
    }
    expect(suiteText.match(/# TODO: set price/g)?.length ?? 0).toBe(Object.values(entry.prices).filter((source) => source === 'to set').length);

    const database = join(out, 'run.db');
    const run = await runCli(['run', join(out, 'suite.yaml'), '--db', database, '--format', 'json', '--progress', 'none', '--resamples', '200']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { run: { status: string; calls: number }; configurations: ConfigurationJson[] };
    expect(report.run).toMatchObject({ status: 'complete', calls: 0 });
    const byName = new Map(report.configurations.map((configuration) => [configuration.name, configuration]));
    expect(byName.get('predictive')!.passRate, 'predictive').not.toBeNull();
    for (const [name, wanted] of Object.entries(entry.configurations)) {
      const configuration = byName.get(name)!;
      expect(configuration.passRate, name).toBeCloseTo(wanted.passes / wanted.graded, 12);
      expect(configuration.replayGaps, name).toBe(wanted.gaps ?? 0);
      if (wanted.costUsd !== undefined) expect(configuration.costUsd, name).toBeCloseTo(wanted.costUsd, 12);
      else expect(configuration.costUsd, name).toBeGreaterThan(0);
    }

    // Recorded costs need no price: the run stores them as such; a bundled price is genai-prices', a TODO the suite's zero.
    const stored = new Database(database, { readonly: true });
    const sources = new Map(stored.prepare('SELECT name, price_source FROM models').all().map((row) => {
      const { name, price_source: source } = row as { name: string; price_source: string };
      return [name, source];
    }));
    stored.close();
    for (const [key, source] of Object.entries(entry.prices)) {
      const pattern = source === 'recorded' ? /^recorded: cost_usd on every row/ : source === 'bundled' ? /^genai-prices:/ : /^suite/;
      expect(sources.get(key), key).toMatch(pattern);
    }
  }, 60_000);
});

describe('import --from a router dataset with a cost missing from one answer', () => {
  it('says how many of the model\'s answers lack a cost, and marks the price that prices them TODO', async () => {
    const folder = newFolder('partial-cost');
    mkdirSync(folder);
    const file = join(folder, 'wide.csv');
    // mmlu.2's claude-instant-v1 cost cell left empty; its other answers keep theirs.
    writeFileSync(file, readFileSync(at('routerbench.csv'), 'utf8').replace('mmlu,1,A,0.012,0,B,0.002,', 'mmlu,1,A,0.012,0,B,,'));
    const imported = await runCli(['import', file, '--from', 'routerbench', '--out', join(folder, 'out')]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/claude-instant-v1 \(claude-instant-v1\): 6 answers, mean score [\d.]+, 5 costs recorded, 1 answers without a cost: (those at the bundled price|set a price for those in suite\.yaml \(TODO\))/);
    expect(readFileSync(join(folder, 'out', 'suite.yaml'), 'utf8')).toContain('1 of its 6 answers carry no cost: they are priced from their tokens');
  });
});

describe('import --from a router dataset refuses, in one line with exit 2', () => {
  const refused = (result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) => {
    expect(result.code, result.stdout).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  };

  it('an --out folder that holds files, unless --force', async () => {
    const out = newFolder('not-empty');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    refused(await runCli(['import', at('routerbench.csv'), '--from', 'routerbench', '--out', out]), /--out .*: the folder is not empty; choose another, or add --force/);
    const forced = await runCli(['import', at('routerbench.csv'), '--from', 'routerbench', '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine\n');
  });

  it('a malformed score, naming the file and line; --skip-bad leaves the record out, counted', async () => {
    const folder = newFolder('bad-score');
    mkdirSync(folder);
    const file = join(folder, 'wide.csv');
    writeFileSync(file, readFileSync(at('routerbench.csv'), 'utf8').replace('mmlu.2,"Which gas do plants take in? A) CO2 B) O2",mmlu,1,', 'mmlu.2,"Which gas do plants take in? A) CO2 B) O2",mmlu,high,'));
    refused(await runCli(['import', file, '--from', 'routerbench', '--out', join(folder, 'out')]),
      /wide\.csv: line 3: the score of "gpt-4-1106-preview" is "high", not a number from 0 to 1 .*--skip-bad/);
    const skipping = await runCli(['import', file, '--from', 'routerbench', '--out', join(folder, 'out'), '--skip-bad']);
    expect(skipping.code, skipping.stderr).toBe(0);
    expect(skipping.stdout).toContain('1 malformed, left out (first at line 3');
  });

  it('a file of another layout, naming the columns it lacks and those it has', async () => {
    refused(await runCli(['import', at('embedllm/train.csv'), '--from', 'routerbench', '--out', newFolder('wrong-layout')]),
      /train\.csv: not a RouterBench file: no "sample_id", "prompt" columns; the columns are: model_id, prompt_id, label/);
  });

  it('a flag of another format, and several files for a production log', async () => {
    refused(await runCli(['import', at('routerbench.csv'), '--from', 'routerbench', '--gold', at('routellm/test.jsonl'), '--out', newFolder('gold')]),
      /--gold is for --from routellm, not routerbench/);
    refused(await runCli(['import', at('routerbench.csv'), '--from', 'routerbench', '--sample', '3', '--out', newFolder('sample')]),
      /--sample: for a production log, not --from routerbench/);
    refused(await runCli(['import', at('routerbench.csv'), at('routerbench.csv'), '--out', newFolder('two-logs')]), /a production log is one file, and 2 were given/);
    refused(await runCli(['import', at('routerbench.csv'), '--from', 'routerbenchh', '--out', newFolder('typo')]),
      /--from: unknown format "routerbenchh"; a log: .*; a router dataset: routerbench, routellm, routerarena, llmrouterbench, embedllm/);
  });
});
