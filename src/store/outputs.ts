import { hash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './open-database.js';

/**
 * Where a long output is kept: once, in `outputs`, by the hash of its text.
 * The call that produced it and every result that shows it (each
 * configuration that asked the same model the same item) hold the hash in
 * `output_hash` and NULL in `output`. A short output stays in its row, where
 * it costs less than a hash would.
 */
export const inlineOutputChars = 2048;

/** The stored output of the row aliased `alias`, wherever it is kept. */
export function outputOf(alias: string): string {
  return `COALESCE(${alias}.output, (SELECT text FROM outputs WHERE hash = ${alias}.output_hash))`;
}

/** Outputs no call or result refers to any more (their run was deleted). */
export function deleteOrphanOutputs(database: SqliteDatabase): void {
  database.exec(`DELETE FROM outputs WHERE hash NOT IN (SELECT output_hash FROM calls WHERE output_hash IS NOT NULL)
    AND hash NOT IN (SELECT output_hash FROM results WHERE output_hash IS NOT NULL)`);
}

/** Places outputs for one connection's inserts: `[output, output_hash]` for a row. */
export class OutputPlacer {
  private readonly insert: Statement;
  /** The last long output placed: a call's output is placed again at once by each result that shows it. */
  private last: { text: string; hash: string } | undefined;

  constructor(database: SqliteDatabase) {
    this.insert = database.prepare('INSERT OR IGNORE INTO outputs (hash, text) VALUES (?, ?)');
  }

  place(text: string | null): [string | null, string | null] {
    if (text === null || text.length <= inlineOutputChars) return [text, null];
    if (this.last?.text === text) return [null, this.last.hash];
    const textHash = hash('sha256', text, 'base64url');
    this.insert.run(textHash, text);
    this.last = { text, hash: textHash };
    return [null, textHash];
  }
}
