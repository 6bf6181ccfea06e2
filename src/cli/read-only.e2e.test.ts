import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
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
});
