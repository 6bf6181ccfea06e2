import { execFile } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { openDatabase } from '../store/open-database.js';

/**
 * Every broken input a user is likely to hand route-bench, through the built
 * CLI (`npx tsc -p tsconfig.build.json` first): exit 2, nothing on stdout,
 * one `error: ` line per problem that names the file (line and column in
 * YAML; line in JSONL and CSV) and says what to do, and no stack trace
 * unless --debug asks for one.
 *
 * Decisions this table pins down:
 * - A UTF-8 byte-order mark at the start of a suite, JSONL or CSV file is
 *   accepted silently (Windows editors and Excel write one); a U+FEFF inside a
 *   value is data like any other character.
 * - A JSONL line (a CSV record) over 10 MB is an error naming the line: an
 *   item that large is a broken export, and refusing it keeps memory bounded.
 * - A read-only database is refused before the run starts, not at the first
 *   write. Root ignores mode bits, so as root the case runs the CLI as the
 *   user `nobody`; where that is impossible it is skipped.
 */

const here = fileURLToPath(new URL('.', import.meta.url));
const cli = join(here, '../../dist/route-bench.js');
const fixtures = join(here, '__fixtures__/broken');
const unsetKey = 'ROUTE_BENCH_TEST_UNSET_KEY';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  /** Why the process could not be started (EPERM when switching user is not allowed). */
  spawnError?: string;
}

function routeBench(args: string[], options: { uid?: number; gid?: number } = {}): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env[unsetKey];
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: fixtures, env, maxBuffer: 16 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, spawnError: typeof error?.code === 'string' ? error.code : undefined });
    });
  });
}

/** Where the problem is (`file:line:column`, a flag, a database path) and a piece of what it says. */
type Expected = readonly [at: string, says: string];

interface BrokenCase {
  name: string;
  args: string[] | ((temp: string) => string[]);
  errors: Expected[];
}

const validate = (folder: string) => ['validate', `${folder}/suite.yaml`];

const cases: BrokenCase[] = [
  // The suite's YAML text
  { name: 'bad indentation', args: validate('yaml-bad-indentation'), errors: [['yaml-bad-indentation/suite.yaml:6:4', 'check the indentation']] },
  { name: 'unclosed bracket', args: validate('yaml-unclosed-bracket'), errors: [['yaml-unclosed-bracket/suite.yaml:9:3', 'a "{" above is not closed']] },
  {
    name: 'unquoted ": " in a value',
    args: validate('yaml-unquoted-colon'),
    errors: [['yaml-unquoted-colon/suite.yaml:2:9: ', 'a value holding ": " must be quoted, or YAML reads it as a nested mapping; write it as prompt: "Answer: {{question}}"']],
  },
  { name: 'tab indentation', args: validate('yaml-tab-indentation'), errors: [['yaml-tab-indentation/suite.yaml:8:1', 'indent with spaces']] },
  { name: 'duplicate key', args: validate('yaml-duplicate-key'), errors: [['yaml-duplicate-key/suite.yaml:13:1', 'duplicate key "name"']] },
  { name: 'empty suite file', args: validate('empty-suite'), errors: [['empty-suite/suite.yaml:1:1', 'the suite file is empty']] },
  { name: 'suite that is a YAML list', args: validate('suite-is-list'), errors: [['suite-is-list/suite.yaml:1:1', 'must be a mapping of suite keys']] },
  { name: 'suite not UTF-8', args: validate('suite-not-utf8'), errors: [['suite-not-utf8/suite.yaml:4:18', 'save the file as UTF-8']] },
  { name: 'alias with no anchor', args: validate('yaml-unresolved-alias'), errors: [['yaml-unresolved-alias/suite.yaml:13:11', 'the anchor must be set before the alias']] },
  { name: 'alias bomb', args: validate('yaml-alias-bomb'), errors: [['yaml-alias-bomb/suite.yaml:15:10', 'use fewer aliases']] },
  { name: 'a list as a key', args: validate('yaml-mapping-as-key'), errors: [['yaml-mapping-as-key/suite.yaml:13:3', 'unknown key "[ margin, pp ]"']] },
  { name: 'suite file missing', args: validate('no-such-suite'), errors: [['no-such-suite/suite.yaml', 'suite file not found']] },
  // Types and keys
  { name: 'name a number', args: validate('name-is-number'), errors: [['name-is-number/suite.yaml:1:7', 'quote it: name: "2024"']] },
  { name: 'prompt a list', args: validate('prompt-is-list'), errors: [['prompt-is-list/suite.yaml:3:3', 'prompt: must be a non-empty string, got a list']] },
  { name: 'models a list', args: validate('models-is-list'), errors: [['models-is-list/suite.yaml:5:3', 'models: must be a mapping, got a list']] },
  { name: 'margin_pp a string', args: validate('margin-pp-string'), errors: [['margin-pp-string/suite.yaml:13:12', 'margin_pp: must be a number, got "one point"']] },
  { name: 'missing prompt', args: validate('missing-prompt'), errors: [['missing-prompt/suite.yaml:1:1', 'missing required key "prompt"']] },
  { name: 'unknown top-level key', args: validate('unknown-top-level-key'), errors: [['unknown-top-level-key/suite.yaml:13:1', 'did you mean "description"?']] },
  { name: 'unknown model key', args: validate('unknown-model-key'), errors: [['unknown-model-key/suite.yaml:5:26', 'did you mean "quality"?']] },
  { name: 'unknown configuration key', args: validate('unknown-configuration-key'), errors: [['unknown-configuration-key/suite.yaml:13:5', 'did you mean "seed"?']] },
  { name: 'items and dataset both', args: validate('items-and-dataset'), errors: [['items-and-dataset/suite.yaml:11:3', 'not both']] },
  {
    name: 'several problems, one line each',
    args: validate('several-problems'),
    errors: [
      ['several-problems/suite.yaml:3:12', 'unknown check type "exakt"'],
      ['several-problems/suite.yaml:9:23', 'unknown model "smal"'],
      ['several-problems/suite.yaml:12:11', 'duplicate id "a"'],
    ],
  },
  // Datasets
  { name: 'dataset: with nothing after it', args: validate('dataset-key-empty'), errors: [['dataset-key-empty/suite.yaml:10:9', 'dataset: is empty: name a .jsonl']] },
  { name: 'dataset file missing', args: validate('dataset-missing-file'), errors: [['dataset-missing-file/items.jsonl', 'file not found']] },
  { name: 'empty dataset', args: validate('dataset-empty'), errors: [['dataset-empty/items.jsonl', 'the dataset has no items']] },
  { name: 'dataset path is a folder', args: validate('dataset-is-folder'), errors: [['dataset-is-folder/items.jsonl', 'is a folder, not a file']] },
  { name: 'unsupported dataset extension', args: validate('dataset-unsupported-extension'), errors: [['dataset-unsupported-extension/items.txt', 'use one of .jsonl']] },
  { name: 'duplicate ids', args: validate('dataset-duplicate-ids'), errors: [['dataset-duplicate-ids/items.jsonl:3', 'duplicate id "a" (first at line 1)']] },
  { name: 'item without id', args: validate('dataset-item-without-id'), errors: [['dataset-item-without-id/items.jsonl:3', 'give every item a unique id']] },
  { name: 'ragged CSV', args: validate('csv-ragged'), errors: [['csv-ragged/items.csv:4', 'as many values as the header has columns']] },
  { name: 'CSV with an unclosed quote', args: validate('csv-unclosed-quote'), errors: [['csv-unclosed-quote/items.csv:4', 'starts on line 4 is never closed']] },
  { name: 'invalid JSONL line', args: validate('jsonl-invalid-line'), errors: [['jsonl-invalid-line/items.jsonl:3', 'invalid JSON']] },
  { name: 'JSONL line that is an array', args: validate('jsonl-line-is-array'), errors: [['jsonl-line-is-array/items.jsonl:3', 'must be a JSON object']] },
  { name: 'JSONL not UTF-8', args: validate('jsonl-not-utf8'), errors: [['jsonl-not-utf8/items.jsonl:3', 'save the file as UTF-8']] },
  { name: 'YAML dataset syntax error', args: validate('yaml-dataset-syntax-error'), errors: [['yaml-dataset-syntax-error/items.yaml:3:1', 'a "{" above is not closed']] },
  {
    name: '50 MB single JSONL line',
    args: (temp) => {
      // Generated, never committed: a valid JSON object, just far too long.
      const suite = readFileSync(join(fixtures, 'bom-jsonl/suite.yaml'), 'utf8');
      writeFileSync(join(temp, 'suite.yaml'), suite);
      const huge = JSON.stringify({ id: 'c', question: 'x'.repeat(50 * 1024 * 1024), expected: '8' });
      writeFileSync(join(temp, 'items.jsonl'), `{"id":"a","question":"2+2?","expected":"4"}\n${huge}\n`);
      return ['validate', join(temp, 'suite.yaml')];
    },
    errors: [['items.jsonl:2', 'line 2 is longer than 10 MB']],
  },
  // Items and checks
  { name: 'template field missing in an item', args: validate('template-field-missing'), errors: [['template-field-missing/suite.yaml:12:5', 'lacks "question" (did you mean "questoin"?)']] },
  { name: 'bad regex in a check', args: validate('check-bad-regex'), errors: [['check-bad-regex/suite.yaml:5:5', 'invalid regular expression: missing closing )']] },
  { name: 'unknown check type', args: validate('check-unknown-type'), errors: [['check-unknown-type/suite.yaml:4:5', 'did you mean "exact"?']] },
  { name: 'custom check module missing', args: validate('check-custom-module-missing'), errors: [['check-custom-module-missing/suite.yaml:5:5', 'module not found']] },
  { name: 'json check with an invalid schema', args: validate('check-json-invalid-schema'), errors: [['check-json-invalid-schema/suite.yaml:5:5', 'invalid JSON Schema']] },
  // Models and prices
  { name: 'negative price', args: validate('price-negative'), errors: [['price-negative/suite.yaml:6:49', 'must be at least 0, got -1']] },
  { name: 'price a string', args: validate('price-string'), errors: [['price-string/suite.yaml:6:49', 'must be a number, got "$1"']] },
  { name: 'price without output_mtok', args: validate('price-missing-output'), errors: [['price-missing-output/suite.yaml:6:35', 'missing required key "output_mtok"']] },
  { name: 'unknown price for a model', args: validate('price-unknown-model'), errors: [['price-unknown-model/suite.yaml:6:10', 'set one: price: { input_mtok:']] },
  { name: 'api_key_env variable not set', args: validate('api-key-env-unset'), errors: [['api-key-env-unset/suite.yaml:6:10', `${unsetKey} is not set; export it`]] },
  { name: 'on_missing invalid', args: validate('replay-on-missing-invalid'), errors: [['replay-on-missing-invalid/suite.yaml:6:63', 'known: error, skip']] },
  { name: 'replay file missing', args: validate('replay-file-missing'), errors: [['replay-file-missing/suite.yaml:6:36', 'replay-file-missing/outputs.jsonl does not exist']] },
  { name: 'mock faults above 1', args: validate('mock-faults-above-one'), errors: [['mock-faults-above-one/suite.yaml:6:36', 'add up to more than 1']] },
  // Configurations and routers
  { name: 'unknown model in a configuration', args: validate('configuration-unknown-model'), errors: [['configuration-unknown-model/suite.yaml:9:23', 'did you mean "small"?']] },
  { name: 'unknown router kind', args: validate('router-unknown-kind'), errors: [['router-unknown-kind/suite.yaml:10:21', 'did you mean "rules"?']] },
  { name: 'bad regex in a rule', args: validate('rule-bad-regex'), errors: [['rule-bad-regex/suite.yaml:13:43', 'invalid regular expression']] },
  { name: 'rule on the reference', args: validate('rule-on-expected'), errors: [['rule-on-expected/suite.yaml:13:24', 'a rule cannot read "expected": no router sees']] },
  { name: 'cascade accept check that needs the reference', args: validate('cascade-accept-exact'), errors: [['cascade-accept-exact/suite.yaml:13:14', 'use reference-free checks']] },
  { name: 'cascade verifier prompt naming the reference', args: validate('cascade-verifier-reference'), errors: [['cascade-verifier-reference/suite.yaml:17:17', 'names {{reference}}, which a verifier never gets']] },
  { name: 'oracle without fixed configurations', args: validate('oracle-without-fixed'), errors: [['oracle-without-fixed/suite.yaml:9:9', 'add all-small: { model: small }']] },
  { name: 'threshold with strong == weak', args: validate('threshold-strong-equals-weak'), errors: [['threshold-strong-equals-weak/suite.yaml:10:12', 'must be different models']] },
  { name: 'external router with url and command', args: validate('external-url-and-command'), errors: [['external-url-and-command/suite.yaml:11:5', 'exactly one of `url:`']] },
  // Flags (every run gets a temporary --db, so a check that let one through could not write here)
  { name: '--concurrency 0', args: (temp) => ['run', 'valid/suite.yaml', '--db', join(temp, 'r.db'), '--concurrency', '0'], errors: [["option '--concurrency <n>' argument '0'", 'must be a whole number of at least 1']] },
  { name: '--concurrency -3', args: (temp) => ['run', 'valid/suite.yaml', '--db', join(temp, 'r.db'), '--concurrency', '-3'], errors: [["option '--concurrency <n>' argument '-3'", 'must be a whole number of at least 1']] },
  { name: '--limit 0', args: (temp) => ['run', 'valid/suite.yaml', '--db', join(temp, 'r.db'), '--limit', '0'], errors: [["option '--limit <n>' argument '0'", 'must be a whole number of at least 1']] },
  { name: '--resume with --configs', args: (temp) => ['run', 'valid/suite.yaml', '--db', join(temp, 'r.db'), '--resume', 'latest', '--configs', 'all-big'], errors: [['--resume', 'drop --configs']] },
  // Databases
  { name: 'database in a missing folder', args: ['run', 'valid/suite.yaml', '--db', 'no-such-folder/results.db', '--progress', 'none'], errors: [['cannot create the database no-such-folder/results.db', 'the folder no-such-folder does not exist']] },
  {
    name: 'database that is not SQLite',
    // Written here, not committed: a database file in the repository would be taken for a result.
    args: (temp) => {
      const path = join(temp, 'not-a-database.sqlite');
      writeFileSync(path, 'These are my notes, not a database.\n');
      return ['run', 'db-not-sqlite/suite.yaml', '--db', path, '--progress', 'none'];
    },
    errors: [['not-a-database.sqlite', 'is not a SQLite database; pass --db']],
  },
  {
    name: 'database with a newer schema',
    args: (temp) => {
      const path = join(temp, 'future.db');
      const database = new Database(path);
      database.pragma('user_version = 999');
      database.close();
      return ['run', 'valid/suite.yaml', '--db', path, '--progress', 'none'];
    },
    errors: [['future.db has schema version 999', 'upgrade route-bench']],
  },
];

/** A leading BOM (and one inside a value) is accepted: these validate. */
const acceptedWithBom = ['bom-yaml', 'bom-jsonl', 'bom-csv', 'bom-mid-line'];

let temporary: string;
beforeAll(() => {
  temporary = mkdtempSync(join(tmpdir(), 'route-bench-broken-'));
});
afterAll(() => {
  // The read-only case's folder must be writable again before it can be removed.
  if (existsSync(join(temporary, 'read-only'))) chmodSync(join(temporary, 'read-only'), 0o755);
  rmSync(temporary, { recursive: true, force: true });
});

function caseFolder(name: string): string {
  const folder = join(temporary, name.replace(/[^a-z0-9]+/gi, '-'));
  mkdirSync(folder, { recursive: true });
  return folder;
}

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('error: '));
}

/** `expect` comes from each test's context: these tests run concurrently. */
function expectRefused(expect: ExpectStatic, outcome: Outcome, errors: readonly Expected[]): void {
  expect(outcome.stderr).not.toContain('\n    at ');
  expect(outcome.stderr).not.toMatch(/\.js:\d+/);
  // An error of a type the CLI does not know would ask for --debug: every case here is a known one.
  expect(outcome.stderr).not.toContain('--debug for details');
  expect(outcome.stdout).toBe('');
  expect(outcome.code).toBe(2);
  const lines = errorLines(outcome.stderr);
  expect(lines, outcome.stderr).toHaveLength(errors.length);
  // Nothing else: no Node warnings, no second line of a problem; only the count.
  const others = outcome.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('error: '));
  for (const line of others) expect(line).toMatch(/^\d+ problems; nothing was run$/);
  errors.forEach(([at, says], index) => {
    const line = lines[index]!;
    expect(line).toContain(at);
    expect(line).toContain(says);
    // Text a person wrote by hand is located to the column; data files to the line.
    const file = /([\w./-]+\.(?:yaml|yml|jsonl|csv))(?::(\d+))?(?::(\d+))?: /.exec(line);
    if (file && !/not found|cannot read|has no items/.test(line)) {
      expect(file[2], `${line} names no line`).toBeDefined();
      if (/\.ya?ml$/.test(file[1]!)) expect(file[3], `${line} names no column`).toBeDefined();
    }
  });
}

describe('broken inputs, through the CLI', () => {
  it('has a corpus of at least 45 cases', () => {
    expect(cases.length + acceptedWithBom.length).toBeGreaterThanOrEqual(45);
  });

  it.concurrent.for(cases)('$name: exit 2, one located line per problem, no stack trace', async ({ name, args, errors }, { expect }) => {
    const argv = typeof args === 'function' ? args(caseFolder(name)) : args;
    expectRefused(expect, await routeBench(argv), errors);
  });

  it.concurrent.for(acceptedWithBom)('%s: a byte-order mark is accepted', async (folder, { expect }) => {
    const outcome = await routeBench(validate(folder));
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('valid — 2 items');
  });

  it('estimates a suite whose API-key variable is unset (validate refuses it above): an estimate makes no call', async () => {
    const outcome = await routeBench(['estimate', 'api-key-env-unset/suite.yaml']);
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/│ all-small\s+│\s+2 │/);
  });

  it('refuses a read-only database, and a database in a read-only folder, before the run starts', async (context) => {
    const folder = caseFolder('read-only');
    const path = join(folder, 'results.db');
    openDatabase(path).close();
    copyFileSync(join(fixtures, 'valid/suite.yaml'), join(folder, 'suite.yaml'));
    chmodSync(path, 0o444);
    chmodSync(folder, 0o555);
    chmodSync(temporary, 0o755);
    // Root writes through mode bits, so chmod proves nothing as root: there, run the CLI as `nobody`.
    const asRoot = process.getuid?.() === 0;
    const nobody = { uid: 65534, gid: 65534 };
    const run = () => routeBench(['run', join(folder, 'suite.yaml'), '--db', path, '--progress', 'none'], asRoot ? nobody : {});
    const fileReadOnly = await run();
    const cannotActAsNobody = fileReadOnly.spawnError !== undefined || (fileReadOnly.code !== 2 && /EACCES|EPERM|Cannot find module/.test(fileReadOnly.stderr));
    if (asRoot && cannotActAsNobody) {
      context.skip('as root chmod does not stop writes, and the CLI cannot be run as the user nobody here');
    }
    expectRefused(context.expect, fileReadOnly, [[path, 'the file is read-only; make it writable']]);

    // A writable file in a read-only folder: SQLite could not create its journal beside it.
    chmodSync(folder, 0o755);
    if (asRoot) chownSync(path, nobody.uid, nobody.gid);
    chmodSync(path, 0o644);
    chmodSync(folder, 0o555);
    expectRefused(context.expect, await run(), [[path, 'is read-only, and SQLite keeps its journal there']]);
  });

  it('shows the stack trace with --debug, before or after the command', async () => {
    for (const args of [['--debug', ...validate('yaml-duplicate-key')], [...validate('yaml-duplicate-key'), '--debug']]) {
      const outcome = await routeBench(args);
      expect(outcome.code).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(errorLines(outcome.stderr)).toEqual([expect.stringContaining('yaml-duplicate-key/suite.yaml:13:1: duplicate key "name"')]);
      expect(outcome.stderr).toContain('\n    at ');
      expect(outcome.stderr).toMatch(/load-suite\.ts:\d+/);
    }
  });
});
