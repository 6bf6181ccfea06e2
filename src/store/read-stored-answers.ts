import type { CostBasis, Item, ResultRecord, StoredAnswers, StoredItem, StoredModelAnswers } from '../types/index.js';
import { outputOf } from './outputs.js';
import type { SqliteDatabase } from './open-database.js';
import { readRunRecord } from './read-run.js';

/**
 * A run's items and every fixed configuration's answers. `gradesOnly`: what a
 * sweep or a curve needs, the grades, costs and what a router sees, without
 * the outputs and the references, which are the bulk of the rows.
 */
export function readStoredAnswers(database: SqliteDatabase, runId: number, options: { gradesOnly?: boolean } = {}): StoredAnswers {
  const outputColumn = options.gradesOnly ? 'NULL' : outputOf('results');
  const expectedColumn = options.gradesOnly ? 'NULL' : 'expected_json';
  const run = readRunRecord(database, runId);
  const items: StoredItem[] = [];
  const indexOf = new Map<string, number>();
  const rows = database
    .prepare(`SELECT item_id, tags_json, prompt_tokens, ${expectedColumn}, fields_json FROM items WHERE run_id = ? ORDER BY position`)
    .raw()
    .all(runId) as Array<[string, string, number, string | null, string]>;
  for (const [itemId, tagsJson, promptTokens, expectedJson, fieldsJson] of rows) {
    indexOf.set(itemId, items.length);
    items.push({
      item: {
        id: itemId,
        tags: tagsJson === '[]' ? [] : (JSON.parse(tagsJson) as string[]),
        expected: expectedJson === null ? undefined : JSON.parse(expectedJson),
        fields: JSON.parse(fieldsJson) as Record<string, unknown>,
      },
      promptTokens,
    });
  }
  const size = items.length * run.repeat;
  const fixed = database
    .prepare("SELECT name, spec_json FROM configurations WHERE run_id = ? AND kind = 'fixed' ORDER BY position")
    .all(runId) as Array<{ name: string; spec_json: string }>;
  const byModel = new Map<string, StoredModelAnswers>();
  const sourceOf = new Map<string, string>();
  const select = database.prepare(`SELECT item_id, sample, status, score, cost_usd, latency_ms, ${outputColumn}, unanswered, served_model, cost_basis
    FROM results WHERE run_id = ? AND configuration = ?`).raw();
  for (const { name, spec_json } of fixed) {
    const model = (JSON.parse(spec_json) as { model: string }).model;
    if (byModel.has(model)) continue;
    const answers: StoredModelAnswers = {
      status: new Array(size),
      score: new Float64Array(size).fill(Number.NaN),
      costUsd: new Float64Array(size),
      latencyMs: new Float64Array(size).fill(Number.NaN),
      output: new Array(size).fill(null),
      unanswered: new Array(size).fill(null),
    };
    // all() over iterate(): one call into SQLite instead of one per row, several times faster.
    for (const [itemId, sample, status, score, cost, latency, output, unanswered, servedModel, costBasis] of select.all(runId, name) as Array<
      [string, number, ResultRecord['status'], number | null, number, number | null, string | null, string | null, string | null, CostBasis | null]
    >) {
      const itemIndex = indexOf.get(itemId);
      if (itemIndex === undefined || sample >= run.repeat) continue;
      const index = itemIndex * run.repeat + sample;
      answers.status[index] = status;
      answers.score[index] = score ?? Number.NaN;
      answers.costUsd[index] = cost;
      answers.latencyMs[index] = latency ?? Number.NaN;
      answers.output[index] = output;
      answers.unanswered[index] = unanswered;
      // Only a model behind an OpenAI-compatible server names who answered: the others' rows need no column of nulls.
      if (servedModel !== null) (answers.servedModel ??= new Array(size).fill(null))[index] = servedModel;
      if (costBasis !== null) (answers.costBasis ??= new Array(size).fill(null))[index] = costBasis;
    }
    byModel.set(model, answers);
    sourceOf.set(model, name);
  }
  return { runId, repeat: run.repeat, items, byModel, sourceOf };
}
