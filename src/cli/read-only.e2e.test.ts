import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repositoryRoot, runCli } from './__fixtures__/route-bench-process.js';

const nobody = 65534;
/** Root writes anywhere: the reading commands run as `nobody` then, where a folder's mode holds. */
const asUser = process.getuid?.() === 0 ? nobody : undefined;
const canRunAsUser = asUser === undefined
  || spawnSync(process.execPath, ['-e', `require('node:fs').accessSync(${JSON.stringify(cliPath)})`], { cwd: repositoryRoot, uid: nobody, gid: nobody }).status === 0;
if (!canRunAsUser) console.warn(`read-only database test skipped: user ${nobody} cannot read ${cliPath}`);

describe.skipIf(!canRunAsUser)('a database on read-only media', () => {
  it('is read by report, export, compare and gate, and left as it was', async () => {
    const work = mkdtempSync(join(tmpdir(), 'route-bench-read-only-'));
    const written = join(work, 'written.db');
    const run = await runCli(['run', 'src/cli/__fixtures__/tiny-suite.yaml', '--db', written, '--progress', 'none']);
    expect(run.code, run.stderr).toBe(0);
    // Only the database file, without its -wal and -shm, in a folder no one may write to.
    const media = join(work, 'media');
    mkdirSync(media);
    copyFileSync(written, join(media, 'runs.db'));
    chmodSync(join(media, 'runs.db'), 0o444);
    chmodSync(media, 0o555);
    chmodSync(work, 0o755);
    const db = join(media, 'runs.db');
    for (const args of [['report', '--db', db], ['export', '--db', db, '--what', 'calls'], ['compare', '1', '1', '--db', db],
      ['gate', '--db', db, '--max-quality-loss-pp', '100', '--max-unanswered-pct', '100']]) {
      const finished = await runCli(args, { uid: asUser });
      expect(finished.stderr, args.join(' ')).not.toMatch(/readonly|cannot/);
      expect(finished.code, `${args.join(' ')}: ${finished.stderr}`).toBe(0);
    }
    expect(readdirSync(media)).toEqual(['runs.db']);
    chmodSync(media, 0o755);
  });

  it('with an empty log beside it is read; with a log that still holds data, refused in one line rather than misread', async () => {
    const work = mkdtempSync(join(tmpdir(), 'route-bench-read-only-wal-'));
    const written = join(work, 'written.db');
    expect((await runCli(['run', 'src/cli/__fixtures__/tiny-suite.yaml', '--db', written, '--progress', 'none'])).code).toBe(0);
    const media = join(work, 'media');
    mkdirSync(media);
    // A writer that has not checkpointed: its newest pages are in the -wal only.
    const writer = new Database(written);
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("UPDATE runs SET suite_name = 'changed-in-the-log'").run();
    copyFileSync(written, join(media, 'runs.db'));
    copyFileSync(`${written}-wal`, join(media, 'runs.db-wal'));
    writer.close();
    chmodSync(media, 0o555);
    chmodSync(work, 0o755);
    const refused = await runCli(['report', '--db', join(media, 'runs.db')], { uid: asUser });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: cannot read .*runs\.db where it is: its write-ahead log .* holds data not yet in the file/);
    chmodSync(media, 0o755);
    writeFileSync(join(media, 'runs.db-wal'), '');
    chmodSync(media, 0o555);
    const read = await runCli(['report', '--db', join(media, 'runs.db')], { uid: asUser });
    expect(read.code, read.stderr).toBe(0);
    chmodSync(media, 0o755);
  });
});
