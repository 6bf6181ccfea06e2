import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { UsageError } from '../errors.js';
import { migrations, schemaVersion } from './schema.js';

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  /** Open an existing file for reading only; never create or migrate. */
  readonly?: boolean;
}

/**
 * Opens (creating when asked) a route-bench database: WAL so readers and a
 * second writer wait rather than fail, and the schema migrated to this
 * version. Problems are UsageErrors with one line a person can act on.
 */
export function openDatabase(path: string, options: OpenOptions = {}): SqliteDatabase {
  if (path !== ':memory:') checkPath(path, options.readonly ?? false);
  let database: SqliteDatabase;
  try {
    database = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw new UsageError(`cannot open the database ${path}: ${(error as Error).message}`);
  }
  try {
    database.pragma('busy_timeout = 10000');
    if (!options.readonly) {
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
    }
    database.pragma('foreign_keys = ON');
    migrate(database, path, options.readonly ?? false);
  } catch (error) {
    database.close();
    if (error instanceof UsageError) throw error;
    const message = (error as Error).message;
    if (/not a database|file is encrypted/i.test(message)) throw new UsageError(`${path} is not a SQLite database`);
    throw new UsageError(`cannot use the database ${path}: ${message}`);
  }
  return database;
}

function checkPath(path: string, readonly: boolean): void {
  if (readonly || existsSync(path)) {
    if (!existsSync(path)) throw new UsageError(`no database at ${path}; run \`route-bench run <suite>\` first, or pass --db`);
    if (statSync(path).isDirectory()) throw new UsageError(`${path} is a folder, not a database file`);
    if (statSync(path).size > 0 && !hasSqliteHeader(path)) {
      throw new UsageError(`${path} is not a SQLite database; pass --db with a route-bench database, or a new file name`);
    }
    // SQLite opens a read-only file without complaint and fails at the first write, mid-run.
    if (!readonly && !writable(path)) throw new UsageError(`cannot write to the database ${path}: the file is read-only; make it writable or pass --db with another file`);
    if (!readonly && !writable(dirname(path))) {
      throw new UsageError(`cannot write to the database ${path}: its folder ${dirname(path)} is read-only, and SQLite keeps its journal there; make it writable or pass --db elsewhere`);
    }
    return;
  }
  const folder = dirname(path);
  if (!existsSync(folder)) throw new UsageError(`cannot create the database ${path}: the folder ${folder} does not exist`);
  if (!writable(folder)) throw new UsageError(`cannot create the database ${path}: the folder ${folder} is read-only`);
}

/** As the running user may; for root this is true whatever the mode bits say. */
function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function hasSqliteHeader(path: string): boolean {
  const header = Buffer.alloc(16);
  const descriptor = openSync(path, 'r');
  try {
    readSync(descriptor, header, 0, 16, 0);
  } finally {
    closeSync(descriptor);
  }
  return header.toString('latin1') === 'SQLite format 3\0';
}

function migrate(database: SqliteDatabase, path: string, readonly: boolean): void {
  const version = database.pragma('user_version', { simple: true }) as number;
  if (version > schemaVersion) {
    throw new UsageError(
      `${path} has schema version ${version}, newer than this route-bench's ${schemaVersion}; upgrade route-bench to read it`,
    );
  }
  if (version === schemaVersion) return;
  if (readonly) throw new UsageError(`${path} has schema version ${version}; open it once without --readonly to migrate it to ${schemaVersion}`);
  const apply = database.transaction(() => {
    for (let next = version; next < schemaVersion; next++) database.exec(migrations[next]!);
    database.pragma(`user_version = ${schemaVersion}`);
  });
  apply();
}
