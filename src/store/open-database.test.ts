import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.js';
import { migrations, schemaVersion } from './schema.js';

const folder = () => mkdtempSync(join(tmpdir(), 'route-bench-db-'));

describe('openDatabase', () => {
  it('creates the schema at the current version in WAL mode', () => {
    const path = join(folder(), 'a.db');
    const database = openDatabase(path);
    expect(database.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['batches', 'calls', 'configurations', 'items', 'models', 'outputs', 'results', 'runs', 'settle_looks', 'sweep_points']);
    database.close();
  });

  it('refuses a database of a newer schema, naming both versions', () => {
    const path = join(folder(), 'new.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${schemaVersion + 5}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(`schema version ${schemaVersion + 5}, newer than this route-bench's ${schemaVersion}`);
  });

  it('refuses a file that is not SQLite, and a path in a missing folder', () => {
    const path = join(folder(), 'text.db');
    writeFileSync(path, 'hello, this is not a database at all');
    expect(() => openDatabase(path)).toThrow(`${path} is not a SQLite database`);
    expect(() => openDatabase(join(folder(), 'missing', 'x.db'))).toThrow(/the folder .*missing does not exist/);
  });

  it('does not create a file when asked to read one that is not there', () => {
    expect(() => openDatabase(join(folder(), 'absent.db'), { readonly: true })).toThrow(/no database at/);
  });
});

describe('openDatabase, on files it should not change', () => {
  it('refuses another application\'s SQLite file, naming one of its tables, and leaves it as it was', () => {
    const path = join(folder(), 'theirs.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE customers (id INTEGER); CREATE TABLE orders (id INTEGER)');
    raw.close();
    for (const readonly of [false, true]) {
      expect(() => openDatabase(path, { readonly })).toThrow(`${path} is not a route-bench database: it holds tables that are not route-bench's ("customers" and 1 more)`);
    }
    const after = new Database(path, { readonly: true });
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual(['customers', 'orders']);
    after.close();
  });

  it('refuses a file with tables of route-bench\'s names but no runs table, before switching it to WAL', () => {
    const path = join(folder(), 'lookalike.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE calls (id INTEGER)');
    raw.pragma('user_version = 3');
    raw.close();
    expect(() => openDatabase(path)).toThrow(`${path} is not a route-bench database: it holds "calls" but no "runs" table`);
    const after = new Database(path, { readonly: true });
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
  });

  it('reads an older file after migrating it, when it may write to it', () => {
    const path = join(folder(), 'old.db');
    const raw = new Database(path);
    for (const migration of migrations.slice(0, -1)) raw.exec(migration);
    raw.pragma(`user_version = ${schemaVersion - 1}`);
    raw.close();
    const reopened = openDatabase(path, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(schemaVersion);
    reopened.close();
  });
});
