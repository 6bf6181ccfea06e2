import { readdirSync, readFileSync, rmSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect } from 'vitest';
import type { Finished } from './route-bench-process.js';

/** What the import end-to-end tests share: the fixtures, a scratch folder, the planted credentials and the checks on them. */
export const importFixtures = fileURLToPath(new URL('../../import/__fixtures__/', import.meta.url));
export const fixture = (name: string) => join(importFixtures, name);

export const scratch = mkdtempSync(join(tmpdir(), 'route-bench-import-e2e-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
/** A fresh folder under the test's scratch space (not created: `import --out` creates it). */
export const newFolder = (label: string) => join(scratch, `${label}-${++folders}`);

/**
 * The planted credentials, read from the generators' `planted` objects, so
 * a credential added there is looked for here too. 7 + 10 when written.
 */
export function plantedCredentials(): string[] {
  const values: string[] = [];
  for (const script of ['make-fixtures.mjs', 'make-trace-fixtures.mjs']) {
    const text = readFileSync(fixture(script), 'utf8');
    const block = /const planted = \{([\s\S]*?)\n\};/.exec(text);
    if (!block) throw new Error(`${script}: no "const planted = {...};" block`);
    for (const match of block[1]!.matchAll(/:\s*'([^']+)'/g)) values.push(match[1]!);
  }
  return values;
}
export const planted = plantedCredentials();

/** Every file under a folder, with its bytes as latin1 text (SQLite pages included), by path. */
export function filesUnder(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(folder, { recursive: true, encoding: 'utf8' })) {
    const path = join(folder, name);
    if (statSync(path).isFile()) files.set(path, readFileSync(path).toString('latin1'));
  }
  return files;
}

/** No planted credential, whole or its last 12 characters (a half-redacted key), in any of the texts. */
export function expectNoCredential(texts: Map<string, string>): void {
  const leaks: string[] = [];
  for (const [where, text] of texts) {
    for (const credential of planted) {
      if (text.includes(credential) || text.includes(credential.slice(-12))) leaks.push(`${credential} in ${where}`);
    }
  }
  expect(leaks).toEqual([]);
}

/** A refusal as the exit policy prints one: exit 2, one line on stderr, no stack trace, nothing on stdout. */
export function expectRefused(result: Finished, message: RegExp): void {
  expect(result.code, result.stdout + result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at .*:\d+/m);
  // A usage error, not an internal one: the hint to rerun with --debug is for the unexpected.
  expect(result.stderr).not.toMatch(/--debug/);
}

export interface ItemRow {
  id: string;
  messages: Array<{ role: string; content: string }>;
  tags: string[];
  model: string | null;
  source_id?: string;
  meta?: Record<string, unknown>;
  expected?: string;
}

export const jsonLinesOf = <T>(path: string): T[] => readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as T);

export interface PairwiseRow {
  configuration: string; compared: number; wins: number; ties: number; losses: number; same: number; unanswered: number;
  selfReference: boolean; verdict: string; labels: { items: number } | null;
}

export const verdicts = ['non-inferior', 'inferior', 'inconclusive'];
