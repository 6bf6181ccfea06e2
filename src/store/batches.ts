import type { SqliteDatabase } from './open-database.js';

/** A stored batch of a run `--batch`: its provider ids and where it stands. */
export interface StoredBatch {
  id: number;
  modelName: string;
  provider: 'openai' | 'anthropic';
  inputFileId: string | null;
  batchId: string | null;
  state: string;
  customIds: string[];
}

/**
 * The batches of a run, written the moment each id exists (the uploaded
 * file's, then the batch's), each in its own transaction: the only window in
 * which a batch could be paid twice is between the provider creating it and
 * this write.
 */
export class BatchStore {
  constructor(private readonly database: SqliteDatabase, private readonly runId: number) {}

  /** Batches not read back yet (sent, or only uploaded), by model: what a resume polls. */
  open(): StoredBatch[] {
    const rows = this.database.prepare(`SELECT id, model_name, provider, input_file_id, batch_id, state, custom_ids_json FROM batches
      WHERE run_id = ? AND finished_at IS NULL ORDER BY id`).all(this.runId) as Array<{ id: number; model_name: string; provider: 'openai' | 'anthropic';
        input_file_id: string | null; batch_id: string | null; state: string; custom_ids_json: string }>;
    return rows.map((row) => ({ id: row.id, modelName: row.model_name, provider: row.provider, inputFileId: row.input_file_id, batchId: row.batch_id,
      state: row.state, customIds: JSON.parse(row.custom_ids_json) as string[] }));
  }

  /** A new batch (its file uploaded, or the batch itself created), or its batch id once it exists. */
  created(modelName: string, provider: string, ids: { inputFileId?: string; batchId?: string }, customIds: readonly string[]): void {
    const existing = this.database.prepare(`SELECT id FROM batches WHERE run_id = ? AND model_name = ? AND finished_at IS NULL AND custom_ids_json = ? AND batch_id IS NULL
      ORDER BY id DESC LIMIT 1`).pluck().get(this.runId, modelName, JSON.stringify(customIds)) as number | undefined;
    if (existing !== undefined) {
      this.database.prepare('UPDATE batches SET batch_id = COALESCE(?, batch_id), input_file_id = COALESCE(?, input_file_id), state = ? WHERE id = ?')
        .run(ids.batchId ?? null, ids.inputFileId ?? null, ids.batchId ? 'sent' : 'uploaded', existing);
      return;
    }
    this.database.prepare(`INSERT INTO batches (run_id, model_name, provider, input_file_id, batch_id, state, custom_ids_json, created_at)
      VALUES (?,?,?,?,?,?,?,?)`).run(this.runId, modelName, provider, ids.inputFileId ?? null, ids.batchId ?? null, ids.batchId ? 'sent' : 'uploaded',
      JSON.stringify(customIds), new Date().toISOString());
  }

  finished(batchId: string, state: string, counts: Record<string, number | undefined>): void {
    this.database.prepare('UPDATE batches SET state = ?, counts_json = ?, finished_at = ? WHERE run_id = ? AND batch_id = ?')
      .run(state, JSON.stringify(counts), new Date().toISOString(), this.runId, batchId);
  }

  /** A file uploaded for a batch that was never created: nothing to poll, its lines go out again. */
  abandon(id: number): void {
    this.database.prepare("UPDATE batches SET state = 'abandoned', finished_at = ? WHERE id = ?").run(new Date().toISOString(), id);
  }

  /** Per state, how many batches the run sent: for the run's summary. */
  summary(): Array<{ state: string; batches: number }> {
    return this.database.prepare('SELECT state, COUNT(*) AS batches FROM batches WHERE run_id = ? GROUP BY state ORDER BY state').all(this.runId) as Array<{ state: string; batches: number }>;
  }
}
