import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatProblem } from '../errors.js';
import { loadSuite } from './load-suite.js';
import { maxNesting, nestingDepth } from './parse-items.js';

/** Every problem loading the suite reports, as printed; none when it loads. */
function problemsLoading(path: string): Promise<string[]> {
  return loadSuite(path).then(() => [], (error: unknown) => {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  });
}

const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('nesting', () => {
  it('is counted without recursion, and stops counting past the limit', () => {
    expect(nestingDepth('text')).toBe(0);
    expect(nestingDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(nestingDepth(JSON.parse(nested(maxNesting)))).toBe(maxNesting);
    expect(nestingDepth(JSON.parse(nested(100_000)))).toBe(maxNesting + 1);
  });

  it('past the limit is a load-time problem at the item\'s line, and the other items load', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-nesting-'));
    writeFileSync(join(folder, 'items.jsonl'), [
      '{"id":"a","q":"x","expected":"y"}',
      `{"id":"b","q":"x","expected":"y","meta":${nested(20_000)}}`,
      `{"id":"c","q":"x","expected":"y","meta":${nested(maxNesting - 1)}}`,
    ].join('\n'));
    writeFileSync(join(folder, 'suite.yaml'), `name: deep
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  a: { provider: mock, price: { input_mtok: 1, output_mtok: 1 } }
configurations:
  all-a: { model: a }
dataset: items.jsonl
`);
    const problems = await problemsLoading(join(folder, 'suite.yaml'));
    expect(problems).toEqual([`${join(folder, 'items.jsonl')}:2: item "b" nests deeper than ${maxNesting} levels; flatten it (no check reads so deep, and walking it would overflow the stack)`]);
  });

  it('in an inline YAML item, too deep for the YAML reader, is one located line too', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'route-bench-nesting-'));
    writeFileSync(join(folder, 'suite.yaml'), `name: deep
prompt: "{{q}}"
checks: [{ type: exact }]
models:
  a: { provider: mock, price: { input_mtok: 1, output_mtok: 1 } }
configurations:
  all-a: { model: a }
items:
  - { id: a, q: x, expected: y, meta: ${nested(20_000)} }
`);
    const problems = await problemsLoading(join(folder, 'suite.yaml'));
    expect(problems).toEqual([expect.stringMatching(/suite\.yaml:9:\d+: nested too deeply for the YAML reader: flatten this value/)]);
  });
});
