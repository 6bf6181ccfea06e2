import { readCsvRows } from '../csv-records.js';
import { newTally } from '../types.js';
import type { DatasetBuilder, RouterDatasetFormat } from './dataset-builder.js';
import { requireColumns, textOf } from './types.js';

/**
 * EmbedLLM's correctness tables (`train.csv`, `test.csv`): a row per model
 * and prompt, `model_id`, `prompt_id`, `label` (1 right, 0 wrong), and
 * where the release has them `model_name`, `prompt` and `category` (the
 * task). No answer text and no cost: the replay's outputs are empty, and
 * every model needs a price. `--prompts` gives the prompts' text
 * (`prompt_id`, `prompt`) when the table has none.
 */
export const embedllmFormat: RouterDatasetFormat = {
  name: 'embedllm',
  summary: 'EmbedLLM CSV: model_id, prompt_id, label (0/1); optional model_name, prompt, category (--prompts prompt_id,prompt for the text)',
  takes: ['prompts'],
  read(files, options, into) {
    const texts = options.prompts === undefined ? new Map<string, string>() : readPrompts(options.prompts, into);
    const withoutText = new Set<string>();
    into.eachFile(files, (_file, text) => {
      const { header, rows } = readCsvRows(text, options, into.tally);
      requireColumns(header, ['model_id', 'prompt_id', 'label'], 'EmbedLLM');
      for (const { line, cells } of rows) {
        const id = textOf(cells.prompt_id);
        const modelId = textOf(cells.model_id);
        if (id === undefined || modelId === undefined) {
          into.malformed(line, 'no model_id or prompt_id');
          continue;
        }
        const prompt = textOf(cells.prompt) ?? texts.get(id);
        if (prompt === undefined) withoutText.add(id);
        into.addItem({ id, prompt: prompt ?? `(prompt ${id}: no text in the data; give --prompts)`, task: textOf(cells.category) });
        into.addAnswer({ id, model: textOf(cells.model_name) ?? `model-${modelId}`, output: '', score: cells.label }, line);
      }
    });
    if (withoutText.size > 0) into.notes.push(`${withoutText.size} prompts without their text${options.prompts === undefined ? ' (--prompts gives it)' : ` in ${options.prompts}`}: a placeholder stands in`);
  },
};

function readPrompts(file: string, into: DatasetBuilder): Map<string, string> {
  const texts = new Map<string, string>();
  into.eachFile([file], (_file, text) => {
    const { header, rows } = readCsvRows(text, { skipBad: false }, newTally());
    requireColumns(header, ['prompt_id', 'prompt'], 'EmbedLLM prompts');
    for (const { cells } of rows) if (textOf(cells.prompt_id) !== undefined) texts.set(cells.prompt_id!, cells.prompt ?? '');
  });
  return texts;
}
