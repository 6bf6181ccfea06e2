import { resolve, sep } from 'node:path';
import { isRecord, readJsonRecords } from '../formats/trace-records.js';
import type { RouterDatasetFormat } from './dataset-builder.js';
import { textOf } from './types.js';

/**
 * LLMRouterBench (formerly OpenRouterBench) per-prompt records. Its result
 * files, `results/bench/<dataset>/<split>/<model>/<timestamp>.json`, are a
 * summary with `records: [...]`; the model and dataset are the file's
 * (`model`, `dataset` at the top, else its folders). A JSONL or JSON array
 * of records names them in each record (`model`, `dataset`). A record:
 * `index`, `prompt` (what the model was sent; else `origin_query`),
 * `raw_output` (else `prediction`, the extracted answer), `ground_truth`,
 * `score`, `prompt_tokens`, `completion_tokens`, `cost` (USD). Items are
 * `<dataset>-<index>`; the dataset is the task.
 */
export const llmrouterbenchFormat: RouterDatasetFormat = {
  name: 'llmrouterbench',
  summary: 'LLMRouterBench result JSON ({records: [...]}, model and dataset from results/bench/<dataset>/<split>/<model>/) or JSONL records with model and dataset',
  takes: [],
  read(files, options, into) {
    into.eachFile(files, (file, text) => {
      const fromFile = fileContext(file, text);
      for (const { line, value } of readJsonRecords(text, options, into.tally, 'records')) {
        into.tally.read++;
        if (!isRecord(value)) {
          into.malformed(line, 'not a JSON object');
          continue;
        }
        const model = textOf(value.model) ?? textOf(value.model_name) ?? fromFile?.model;
        const dataset = textOf(value.dataset) ?? textOf(value.dataset_name) ?? textOf(value.task) ?? fromFile?.dataset;
        const index = textOf(value.index) ?? textOf(value.id);
        const prompt = textOf(value.prompt) ?? textOf(value.origin_query);
        if (model === undefined || index === undefined || prompt === undefined) {
          const lacks = [model === undefined && 'model', index === undefined && 'index', prompt === undefined && 'prompt'].filter(Boolean).join(', ');
          into.malformed(line, `an LLMRouterBench record needs model, index and prompt; this one has no ${lacks}`);
          continue;
        }
        const id = dataset === undefined ? index : `${dataset}-${index}`;
        into.addItem({ id, prompt, task: dataset, expected: textOf(value.ground_truth) });
        into.addAnswer({ id, model, output: value.raw_output ?? value.prediction, score: value.score, costUsd: value.cost,
          inputTokens: value.prompt_tokens, outputTokens: value.completion_tokens }, line);
      }
    });
  },
};

/** A result file's model and dataset: its own top-level fields, else its place under `<dataset>/<split>/<model>/`. */
function fileContext(file: string, text: string): { model?: string; dataset?: string } | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (!isRecord(document) || !Array.isArray(document.records)) return undefined;
  const folders = resolve(file).split(sep).slice(0, -1);
  return { model: textOf(document.model) ?? folders.at(-1), dataset: textOf(document.dataset) ?? folders.at(-3) };
}
