#!/usr/bin/env node
// Imports the GSM8K replay data with `route-bench import --from routellm` into bench/gsm8k/data/ (git-ignored):
// items.jsonl (id gsm-0001.., prompt, expected), replay.jsonl (both models' answers, RouteLLM's labels as scores)
// and the suite the import writes (bench/gsm8k/suite.yaml, beside it, is the one with the routers).
// The data folder is ROUTE_BENCH_GSM8K_DIR (relative to the current folder), else ../shared/data/gsm8k-replay
// beside the repository. It holds RouteLLM's routellm/evals/gsm8k/gsm8k_responses.csv and GSM8K's test split,
// test.jsonl from openai/grade-school-math, under those names or as routellm_gsm8k_responses.csv and gsm8k_test.jsonl.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const source = resolve(process.env.ROUTE_BENCH_GSM8K_DIR || join(root, '../shared/data/gsm8k-replay'));
const find = (...names) => names.map((name) => join(source, name)).find((path) => existsSync(path));
const responses = find('routellm_gsm8k_responses.csv', 'gsm8k_responses.csv');
const gold = find('gsm8k_test.jsonl', 'test.jsonl');
if (!responses || !gold) {
  console.error(`error: ${source} lacks ${!responses ? 'gsm8k_responses.csv (RouteLLM\'s routellm/evals/gsm8k/)' : 'test.jsonl (GSM8K\'s test split)'}; put the files there, or set ROUTE_BENCH_GSM8K_DIR`);
  process.exit(2);
}
const cli = join(root, 'dist/route-bench.js');
const imported = spawnSync(process.execPath, [cli, 'import', responses, '--from', 'routellm', '--gold', gold, '--id-prefix', 'gsm',
  '--out', join(here, 'data'), '--force'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (imported.status !== 0) process.exit(imported.status ?? 2);
console.error(`gsm8k: ${responses} and ${gold} imported into ${join(here, 'data')}`);
