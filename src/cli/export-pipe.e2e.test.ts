import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repositoryRoot, runCli } from './__fixtures__/route-bench-process.js';

describe('export to a pipe whose reader is slow', () => {
  it('writes every row: a full non-blocking pipe is waited out, not a lost write', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'route-bench-export-pipe-')), 'runs.db');
    expect((await runCli(['run', 'datasets/contract-review/suite.yaml', '--db', db, '--progress', 'none'])).code).toBe(0);
    const child = spawn(process.execPath, [cliPath, 'export', '--db', db, '--what', 'results', '--format', 'jsonl'], { cwd: repositoryRoot });
    // Nothing is read for a while: the pipe fills (about 1 MB of rows against 64 KB of buffer).
    child.stdout.pause();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(3000);
    for (const line of lines) JSON.parse(line);
  });
});
