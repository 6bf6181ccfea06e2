import type { SqliteDatabase } from './open-database.js';

/** An item of a stored run as the items table holds it: its id and its content as JSON. */
export interface StoredItemContent {
  itemId: string;
  tagsJson: string;
  expectedJson: string | null;
  fieldsJson: string;
}

/** A run's items in dataset order, one at a time: a million of them are never held at once. */
export function* iterateItemContents(database: SqliteDatabase, runId: number): Generator<StoredItemContent> {
  const rows = database.prepare('SELECT item_id, tags_json, expected_json, fields_json FROM items WHERE run_id = ? ORDER BY position').raw().iterate(runId);
  for (const [itemId, tagsJson, expectedJson, fieldsJson] of rows as IterableIterator<[string, string, string | null, string]>) {
    yield { itemId, tagsJson, expectedJson, fieldsJson };
  }
}
