import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

/** The built CLI: `npx tsc -p tsconfig.build.json` first. */
export const cliPath = fileURLToPath(new URL('../../../dist/route-bench.js', import.meta.url));
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  finished: Promise<Finished>;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user (the test must be root). */
  uid?: number;
}

/** Starts `route-bench <args>` in a child process, collecting its output. */
export function startCli(args: string[], options: CliOptions = {}): RunningCli {
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
    // COLUMNS left empty: a table fitted to whatever terminal ran the tests would not match what they expect.
    env: { ...process.env, NO_COLOR: '1', COLUMNS: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const finished = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, finished };
}

export function runCli(args: string[], options: CliOptions = {}): Promise<Finished> {
  return startCli(args, options).finished;
}

/** One value from a database another process may be writing; undefined while it does not exist yet. */
export function peek(databasePath: string, sql: string): unknown {
  let database: Database.Database | undefined;
  try {
    database = new Database(databasePath, { readonly: true, fileMustExist: true });
    database.pragma('busy_timeout = 2000');
    return database.prepare(sql).pluck().get();
  } catch {
    return undefined;
  } finally {
    database?.close();
  }
}

/** Polls until `ready` holds, or fails after `timeoutMs`. */
export async function waitFor(ready: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
