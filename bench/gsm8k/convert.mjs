#!/usr/bin/env node
// Converts the GSM8K replay data in ../shared/data/gsm8k-replay (not copied into this repository) into
// a route-bench dataset and a replay file, written to bench/gsm8k/data/ (git-ignored).
//   items.jsonl:  { id, question, expected, tags }            one per problem
//   replay.jsonl: { id, model, output, score }                 one per problem and model; score = RouteLLM's label
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const here = dirname(fileURLToPath(import.meta.url));
const source = resolve(process.env.ROUTE_BENCH_GSM8K_DIR || join(here, '../../../shared/data/gsm8k-replay'));
const target = join(here, 'data');
const models = ['gpt-4-1106-preview', 'mistralai/Mixtral-8x7B-Instruct-v0.1'];

let problems;
let rows;
try {
  problems = readFileSync(join(source, 'gsm8k_test.jsonl'), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
  rows = parse(readFileSync(join(source, 'routellm_gsm8k_responses.csv')), { columns: true, bom: true });
} catch (error) {
  console.error(`error: cannot read the GSM8K replay data in ${source} (${error.code ?? error.message}); set ROUTE_BENCH_GSM8K_DIR`);
  process.exit(2);
}
if (rows.length !== problems.length) {
  console.error(`error: ${rows.length} response rows for ${problems.length} problems; the files do not belong together`);
  process.exit(2);
}

const items = [];
const replays = [];
problems.forEach((problem, index) => {
  const row = rows[index];
  if (row.prompt.trim() !== problem.question.trim()) {
    console.error(`error: row ${index + 1} of the responses is not problem ${index + 1}`);
    process.exit(2);
  }
  const id = `gsm-${String(index + 1).padStart(4, '0')}`;
  const expected = problem.answer.split('####').pop().trim().replaceAll(',', '');
  items.push({ id, question: problem.question, expected, tags: [] });
  for (const model of models) {
    const label = row[model];
    if (label !== 'True' && label !== 'False') {
      console.error(`error: row ${index + 1}: label of ${model} is "${label}", not True or False`);
      process.exit(2);
    }
    replays.push({ id, model, output: row[`${model}_response`], score: label === 'True' ? 1 : 0 });
  }
});

mkdirSync(target, { recursive: true });
const lines = (records) => `${records.map((record) => JSON.stringify(record)).join('\n')}\n`;
writeFileSync(join(target, 'items.jsonl'), lines(items));
writeFileSync(join(target, 'replay.jsonl'), lines(replays));
console.error(`gsm8k: ${items.length} items and ${replays.length} recorded answers written to ${target}`);
