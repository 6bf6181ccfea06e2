import { readCsvRows } from '../csv-records.js';
import { ImportError } from '../types.js';
import type { RouterDatasetFormat } from './dataset-builder.js';
import { requireColumns, textOf } from './types.js';

const responseSuffix = '|model_response';
const costSuffix = '|total_cost';

/**
 * RouterBench (Hu et al. 2024), wide: one row per item with `sample_id`,
 * `prompt` and `eval_name`, and per model a score column named after the
 * model, `<model>|model_response` and `<model>|total_cost`. Any other
 * column (an oracle's choice, say) is not a model's and is left alone.
 */
export const routerbenchFormat: RouterDatasetFormat = {
  name: 'routerbench',
  summary: 'RouterBench CSV: sample_id, prompt, eval_name; per model <model>, <model>|model_response, <model>|total_cost',
  takes: [],
  read(files, options, into) {
    into.eachFile(files, (_file, text) => {
      const { header, rows } = readCsvRows(text, options, into.tally);
      requireColumns(header, ['sample_id', 'prompt'], 'RouterBench');
      const models = header.filter((name) => name.endsWith(responseSuffix)).map((name) => name.slice(0, -responseSuffix.length));
      if (models.length === 0) throw new ImportError(`not a RouterBench file: no "<model>${responseSuffix}" column; the columns are: ${header.join(', ')}`);
      requireColumns(header, models, 'RouterBench');
      for (const { line, cells } of rows) {
        const id = textOf(cells.sample_id);
        if (id === undefined) {
          into.malformed(line, 'no sample_id');
          continue;
        }
        into.addItem({ id, prompt: cells.prompt ?? '', task: textOf(cells.eval_name) });
        for (const model of models) {
          into.addAnswer({ id, model, output: cells[`${model}${responseSuffix}`], score: cells[model], costUsd: cells[`${model}${costSuffix}`] }, line);
        }
      }
    });
  },
};
