import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { UsageError } from '../errors.js';
import { migrations, schemaVersion } from './schema.js';

export type SqliteDatabase = Database.Database;

/** How long a statement waits for another process's lock before failing. */
const busyTimeoutMs = 10_000;

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
    database = options.readonly ? openForReading(path) : new Database(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot open the database ${path}: ${(error as Error).message}`);
  }
  try {
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Before WAL or a migration touch it: another application's file is left as it was.
    refuseForeignTables(database, path);
    if (!options.readonly) {
      useWal(database);
      database.pragma('synchronous = NORMAL');
      // Checkpoints (which sync to disk) every 40 MB of log rather than every 4 MB: a run writes in bursts.
      database.pragma('wal_autocheckpoint = 10000');
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

// Read once, when better-sqlite3 opens its first database: `file:` names are URIs, so a file on
// read-only media can be opened `immutable`. Every other name is a path, as before.
process.env.SQLITE_USE_URI ??= '1';

/**
 * Opens a file for reading. A WAL file needs its `-shm` beside it; where the folder is read-only
 * and there is none (a copied file, a read-only mount), SQLite cannot make one, and the file is
 * opened immutable instead: nothing can be writing to it there. Immutable reads ignore a `-wal`,
 * so a file whose log still holds data (a run killed before a checkpoint) is refused, not misread.
 */
function openForReading(path: string): SqliteDatabase {
  let database: SqliteDatabase | undefined;
  try {
    database = new Database(path, { readonly: true, fileMustExist: true });
    database.pragma('user_version', { simple: true });
    return database;
  } catch (error) {
    database?.close();
    const { code, message } = error as { code?: string; message: string };
    if (!/READONLY|CANTOPEN/.test(code ?? '') && !/readonly|unable to open/i.test(message)) throw error;
  }
  const log = `${path}-wal`;
  if (existsSync(log) && statSync(log).size > 0) {
    throw new UsageError(`cannot read ${path} where it is: its write-ahead log (${log}) holds data not yet in the file, and SQLite cannot open the log on read-only media; copy the file and its -wal to a writable folder and read it there`);
  }
  return new Database(`${pathToFileURL(path).href}?immutable=1`, { readonly: true, fileMustExist: true });
}

/** The tables a route-bench database may hold, at any schema version. */
const ownTables = new Set(['runs', 'models', 'configurations', 'items', 'calls', 'results', 'sweep_points', 'outputs', 'settle_looks', 'batches']);

function refuseForeignTables(database: SqliteDatabase, path: string): void {
  const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as string[];
  const foreign = tables.filter((table) => !ownTables.has(table));
  const advice = 'pass --db with a route-bench database or a new file name';
  if (foreign.length > 0) {
    throw new UsageError(`${path} is not a route-bench database: it holds tables that are not route-bench's ("${foreign[0]}"${foreign.length > 1 ? ` and ${foreign.length - 1} more` : ''}); ${advice}`);
  }
  // Every route-bench schema has `runs`: tables of our names without it are someone else's.
  if (tables.length > 0 && !tables.includes('runs')) throw new UsageError(`${path} is not a route-bench database: it holds "${tables[0]}" but no "runs" table; ${advice}`);
}

function checkPath(path: string, readonly: boolean): void {
  if (readonly || existsSync(path)) {
    if (!existsSync(path)) throw new UsageError(`no database at ${path}; run \`route-bench run <suite>\` first, or give the path of an existing database`);
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

/**
 * Switches a file to WAL. SQLite does not call the busy handler for this switch: two processes
 * creating one file at once would fail with "database is locked" whatever the busy timeout. WAL is
 * a property of the file, so once one of them switched it there is nothing left to do.
 */
function useWal(database: SqliteDatabase): void {
  // An in-memory database has no file to share and keeps its `memory` journal.
  if (database.memory) return;
  const deadline = Date.now() + busyTimeoutMs;
  for (let waitMs = 5; ; waitMs = Math.min(waitMs * 2, 100)) {
    try {
      if (database.pragma('journal_mode', { simple: true }) === 'wal') return;
      // A file system without WAL support keeps the file's journal mode: slower with two writers, still correct.
      database.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith('SQLITE_BUSY') || Date.now() > deadline) throw error;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs);
  }
}

function migrate(database: SqliteDatabase, path: string, readonly: boolean): void {
  const version = checkVersion(database, path);
  if (version === schemaVersion) return;
  if (readonly) {
    // A reading command never writes what it reads, but an older file must be migrated before it can be read.
    if (path === ':memory:' || !writable(path)) {
      throw new UsageError(`${path} was written by an older route-bench (schema ${version}); it must be migrated to ${schemaVersion} before it can be read, which needs write access to it`);
    }
    openDatabase(path).close();
    return;
  }
  // IMMEDIATE takes the write lock first, and the version is read again under it: another process
  // opening the same new file at the same moment may have migrated it while this one waited.
  const apply = database.transaction(() => {
    const current = checkVersion(database, path);
    for (let next = current; next < schemaVersion; next++) database.exec(migrations[next]!);
    if (current !== schemaVersion) database.pragma(`user_version = ${schemaVersion}`);
  });
  apply.immediate();
}

function checkVersion(database: SqliteDatabase, path: string): number {
  const version = database.pragma('user_version', { simple: true }) as number;
  if (version > schemaVersion) {
    throw new UsageError(
      `${path} has schema version ${version}, newer than this route-bench's ${schemaVersion}; upgrade route-bench to read it`,
    );
  }
  return version;
}
