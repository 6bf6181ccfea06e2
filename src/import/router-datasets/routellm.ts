import { readCsvRows } from '../csv-records.js';
import { readJsonRecords, isRecord } from '../formats/trace-records.js';
import { ImportError, newTally } from '../types.js';
import type { DatasetBuilder, RouterDatasetFormat } from './dataset-builder.js';
import { requireColumns, textOf } from './types.js';

const responseSuffix = '_response';

/**
 * RouteLLM's evaluation responses (`routellm/evals/<benchmark>/*_responses.csv`):
 * `prompt`, and per model a True/False column named after the model beside
 * `<model>_response`. The rows carry no id and no task: items are numbered
 * `<id-prefix>-<n>` in file order, zero-padded so they sort, and carry no
 * task tag. `--gold` attaches a GSM8K-style answer (`#### <number>`) to
 * each prompt it holds.
 */
export const routellmFormat: RouterDatasetFormat = {
  name: 'routellm',
  summary: 'RouteLLM responses CSV: prompt; per model a True/False <model> column and <model>_response (--gold test.jsonl for expected answers)',
  takes: ['gold', 'idPrefix'],
  read(files, options, into) {
    const gold = options.gold === undefined ? undefined : readGold(options.gold, into);
    let rowsSoFar = 0;
    let withoutGold = 0;
    into.eachFile(files, (_file, text) => {
      const { header, rows } = readCsvRows(text, options, into.tally);
      requireColumns(header, ['prompt'], 'RouteLLM responses');
      const models = header.filter((name) => name.endsWith(responseSuffix) && header.includes(name.slice(0, -responseSuffix.length)))
        .map((name) => name.slice(0, -responseSuffix.length));
      if (models.length === 0) throw new ImportError(`not a RouteLLM responses file: no "<model>" column beside a "<model>${responseSuffix}" one; the columns are: ${header.join(', ')}`);
      const width = String(rowsSoFar + rows.length).length;
      for (const { line, cells } of rows) {
        const id = `${options.idPrefix}-${String(++rowsSoFar).padStart(width, '0')}`;
        const prompt = cells.prompt ?? '';
        const expected = gold?.get(prompt.trim());
        if (gold !== undefined && expected === undefined) withoutGold++;
        into.addItem({ id, prompt, expected });
        for (const model of models) into.addAnswer({ id, model, output: cells[`${model}${responseSuffix}`], score: cells[model] }, line);
      }
    });
    if (withoutGold > 0) into.notes.push(`${withoutGold} prompts not in ${options.gold}: no expected answer`);
  },
};

/** The gold file's answers by question: the number after `####` (commas dropped), else the whole answer. */
function readGold(file: string, into: DatasetBuilder): Map<string, string> {
  const answers = new Map<string, string>();
  into.eachFile([file], (_file, text) => {
    const tally = newTally();
    for (const { line, value } of readJsonRecords(text, { skipBad: false }, tally)) {
      const question = isRecord(value) ? textOf(value.question) : undefined;
      const answer = isRecord(value) ? textOf(value.answer) : undefined;
      if (question === undefined || answer === undefined) throw new ImportError('a gold record needs "question" and "answer" (GSM8K\'s test.jsonl)', line);
      const final = answer.includes('####') ? answer.split('####').pop()!.trim().replaceAll(',', '') : answer.trim();
      answers.set(question.trim(), final);
    }
  });
  return answers;
}
