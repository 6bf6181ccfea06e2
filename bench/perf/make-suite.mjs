#!/usr/bin/env node
// Writes a synthetic suite of N items with zero-latency mock models, for the benchmarks.
//   node bench/perf/make-suite.mjs <folder> <items> [latency_ms]
import { mkdirSync, openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [folder, itemsText, latencyText = '0', configurationsText = '3'] = process.argv.slice(2);
if (!folder || !itemsText) {
  console.error('usage: node bench/perf/make-suite.mjs <folder> <items> [latency_ms] [configurations: 1 or 3]');
  process.exit(2);
}
const items = Number(itemsText);
const latencyMs = Number(latencyText);
mkdirSync(folder, { recursive: true });
const words = ['indemnify', 'terminate', 'notice', 'liability', 'assign', 'confidential', 'payment', 'warranty', 'governing', 'law', 'party', 'breach'];
const file = openSync(join(folder, 'items.jsonl'), 'w');
// The same items as perf-floor.mjs reads them: the prompt a model gets, and the answer.
const floorFile = openSync(join(folder, 'floor-items.jsonl'), 'w');
let chunk = '';
let floorChunk = '';
for (let index = 0; index < items; index++) {
  const clause = Array.from({ length: 24 }, (_, position) => words[(index * 7 + position * 3) % words.length]).join(' ');
  chunk += `${JSON.stringify({ id: `i${index}`, clause, expected: `answer ${index % 97}`, tags: [index % 4 === 0 ? 'hard' : 'easy'] })}\n`;
  floorChunk += `${JSON.stringify({ id: `i${index}`, question: `Clause: ${clause}\nWhat is the answer?`, expected: `answer ${index % 97}` })}\n`;
  if (chunk.length > 1 << 20) {
    writeSync(file, chunk);
    writeSync(floorFile, floorChunk);
    chunk = '';
    floorChunk = '';
  }
}
writeSync(file, chunk);
closeSync(file);
writeSync(floorFile, floorChunk);
closeSync(floorFile);
const configurations = Number(configurationsText) === 1
  ? '  all-frontier: { model: frontier }'
  : `  all-frontier: { model: frontier }
  all-cheap: { model: cheap }
  routed: { router: rules, rules: [{ when: { tags: [hard] }, use: frontier }], default: cheap }`;
writeFileSync(join(folder, 'suite.yaml'), `name: perf
prompt: "Clause: {{clause}}\\nWhat is the answer?"
dataset: items.jsonl
checks: [{ type: exact, normalize: [case, whitespace] }]
models:
  frontier: { provider: mock, quality: { default: 0.97, hard: 0.9 }, latency_ms: ${latencyMs}, price: { input_mtok: 15, output_mtok: 75 } }
  cheap: { provider: mock, quality: { default: 0.96, hard: 0.5 }, latency_ms: ${latencyMs}, price: { input_mtok: 1.4, output_mtok: 4.4 } }
configurations:
${configurations}
baseline: all-frontier
`);
