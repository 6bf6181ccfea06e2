import type { Problem } from '../errors.js';
import { readDataset } from './read-dataset.js';
import type { ReplayRecord } from '../types/index.js';

const optionalNumbers = [
  ['input_tokens', 'inputTokens'],
  ['output_tokens', 'outputTokens'],
  ['cost_usd', 'costUsd'],
  ['latency_ms', 'latencyMs'],
  ['score', 'score'],
] as const;

/**
 * Reads recorded outputs (`id, model, output`, and optionally input_tokens,
 * output_tokens, cost_usd, latency_ms, score) from a JSONL or CSV file,
 * keeping the rows of one model. A file without a `model` column holds one
 * model's outputs.
 */
export function readReplayRecords(file: string, displayName: string, replayModel: string): { records: Map<string, ReplayRecord>; problems: Problem[] } {
  const read = readDataset(file, displayName);
  const problems = [...read.problems];
  const records = new Map<string, ReplayRecord>();
  for (const row of read.rows) {
    const fields = row.fields;
    if (fields.model !== undefined && String(fields.model) !== replayModel) continue;
    const location = row.locate([]);
    if (fields.id === undefined || fields.id === null || fields.id === '') {
      problems.push({ location, message: 'replay record has no `id`' });
      continue;
    }
    if (typeof fields.output !== 'string') {
      problems.push({ location, message: 'replay record has no `output` text' });
      continue;
    }
    const id = String(fields.id);
    if (records.has(id)) {
      problems.push({ location, message: `a second record of model "${replayModel}" for item "${id}"` });
      continue;
    }
    const record: ReplayRecord = { output: fields.output };
    for (const [column, key] of optionalNumbers) {
      const value = fields[column];
      if (value === undefined || value === null || value === '') continue;
      const number = typeof value === 'number' ? value : Number(String(value).toLowerCase() === 'true' ? 1 : String(value).toLowerCase() === 'false' ? 0 : value);
      if (!Number.isFinite(number) || number < 0 || (column === 'score' && number > 1)) {
        problems.push({ location, message: `\`${column}\` must be ${column === 'score' ? 'a number from 0 to 1 (or true/false)' : 'a non-negative number'}, got "${String(value)}"` });
        continue;
      }
      record[key] = number;
    }
    records.set(id, record);
  }
  if (records.size === 0 && problems.length === 0) {
    problems.push({ location: { file: displayName }, message: `no records of model "${replayModel}" (match the \`model\` column, or set replay_model)` });
  }
  return { records, problems };
}
