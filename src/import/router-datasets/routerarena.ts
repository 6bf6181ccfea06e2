import { basename, extname } from 'node:path';
import { isRecord, readJsonRecords } from '../formats/trace-records.js';
import type { RouterDatasetFormat } from './dataset-builder.js';
import { textOf } from './types.js';

/**
 * RouterArena's `cached_results/<model>.jsonl`: one file per model (its
 * name is the file's), a line per question with `global_index` (the
 * benchmark's name and a number: `AIME_112`), `question`,
 * `generated_answer`, `token_usage {input_tokens, output_tokens}` and
 * `evaluation_result {score, metric, inference_cost, ground_truth}`. The
 * benchmark's name is the task; the files of several models share items by
 * `global_index`.
 */
export const routerarenaFormat: RouterDatasetFormat = {
  name: 'routerarena',
  summary: 'RouterArena cached_results/<model>.jsonl, one file per model: global_index, question, generated_answer, token_usage, evaluation_result',
  takes: [],
  read(files, options, into) {
    into.eachFile(files, (file, text) => {
      const model = basename(file, extname(file));
      for (const { line, value } of readJsonRecords(text, options, into.tally)) {
        into.tally.read++;
        const id = isRecord(value) ? textOf(value.global_index) : undefined;
        if (!isRecord(value) || id === undefined || typeof value.question !== 'string') {
          into.malformed(line, 'a RouterArena record needs "global_index" and "question"');
          continue;
        }
        const evaluation = isRecord(value.evaluation_result) ? value.evaluation_result : {};
        const usage = isRecord(value.token_usage) ? value.token_usage : {};
        const task = /^(.+)_\d+$/.exec(id)?.[1];
        into.addItem({ id, prompt: value.question, task, expected: textOf(evaluation.ground_truth) });
        into.addAnswer({ id, model, output: value.generated_answer, score: evaluation.score, costUsd: evaluation.inference_cost,
          inputTokens: usage.input_tokens, outputTokens: usage.output_tokens }, line);
      }
    });
  },
};
