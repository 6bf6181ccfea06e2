import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatProblem } from '../errors.js';
import { parseRouterArgument } from './parse-router-argument.js';
import { loadSuite } from './load-suite.js';
import { isReferenceField, referenceFieldsOf } from './reference-fields.js';

/** A suite whose grading judge reads `gold_note`, which the task prompt does not show; `category` is an input field. */
const suite = (configurations: string, extra = '') => `name: t
prompt: "Clause: {{clause}}"
checks:
  - { type: exact }
  - { type: llm-judge, model: judge, prompt: "{{answer}} vs {{reference}}, see {{gold_note}} on {{clause}}" }
models:
  big: { provider: mock, price: { input_mtok: 10, output_mtok: 30 } }
  small: { provider: mock, price: { input_mtok: 1, output_mtok: 2 } }
  judge: { provider: mock, replies: ['{"verdict": "pass"}'], price: { input_mtok: 1, output_mtok: 1 } }
configurations:
  all-big: { model: big }
  all-small: { model: small }
${configurations}
${extra}items:
  - { id: 1, clause: c, category: x, gold_note: n, rationale: r, expected: a }
  - { id: 2, clause: c, category: y, gold_note: n, rationale: r, expected: b, checks: [{ type: llm-judge, model: judge, prompt: "{{answer}} {{second_opinion}}" }], second_opinion: s }
`;

async function load(text: string) {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-reference-'));
  writeFileSync(join(folder, 'suite.yaml'), text);
  return loadSuite(join(folder, 'suite.yaml'));
}

/** Each problem as `line:column: message`, the file name left out. */
async function problemsOf(text: string): Promise<string[]> {
  try {
    await load(text);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => formatProblem(problem).replace(/^.*suite\.yaml:/, ''));
    throw error;
  }
  return [];
}

describe('reference fields', () => {
  it('are expected, the fields only a grading judge names (the suite\'s checks or an item\'s), and reference_fields', async () => {
    expect((await load(suite(''))).referenceFields).toEqual(['expected', 'gold_note', 'second_opinion']);
    expect((await load(suite('', 'reference_fields: [rationale]\n'))).referenceFields).toEqual(['expected', 'gold_note', 'second_opinion', 'rationale']);
    // What the prompt shows is never one, nor a path inside it; a path of the judge's inside a shown object neither.
    expect(referenceFieldsOf(['clause', 'meta'], ['clause', 'meta.gold', 'notes', 'clause2'], [])).toEqual(['expected', 'notes', 'clause2']);
  });

  it('are kept from a router at any depth, and so are expected and checks', () => {
    expect(isReferenceField('gold', ['gold'])).toBe(true);
    expect(isReferenceField('gold.text', ['gold'])).toBe(true);
    expect(isReferenceField('expected.amount', [])).toBe(true);
    expect(isReferenceField('checks', [])).toBe(true);
    // Reading an object that holds one is fine: the view has it taken out.
    expect(isReferenceField('meta', ['meta.gold'])).toBe(false);
    expect(isReferenceField('golden', ['gold'])).toBe(false);
  });

  it('cannot be read by a rule: a load-time error at the rule\'s field, with line and column', async () => {
    const rules = (field: string) => `  routed: { router: rules, rules: [{ when: { field: ${field}, matches: "." }, use: big }], default: small }`;
    expect(await problemsOf(suite(rules('expected')))).toEqual([
      '13:53: configurations.routed.rules[0].when.field: a rule cannot read "expected": no router sees what the checks read as a reference (expected, gold_note, second_opinion)',
    ]);
    expect(await problemsOf(suite(rules('gold_note')))).toEqual([expect.stringMatching(/^13:53: .*a rule cannot read "gold_note"/)]);
    expect(await problemsOf(suite(rules('expected.amount')))).toEqual([expect.stringMatching(/^13:53: .*cannot read "expected\.amount"/)]);
    expect(await problemsOf(suite(rules('rationale'), 'reference_fields: [rationale]\n'))).toEqual([expect.stringMatching(/^13:53: .*cannot read "rationale"/)]);
    expect(await problemsOf(suite(rules('checks')))).toEqual([expect.stringMatching(/^13:53: .*cannot read "checks"/)]);
    expect(await problemsOf(suite(rules('tags')))).toEqual([expect.stringMatching(/^13:53: .*matches tags with `tags: \[\.\.\.\]`/)]);
    expect(await problemsOf(suite(rules('category')))).toEqual([]);
    expect(await problemsOf(suite(rules('id')))).toEqual([]);
  });

  it('cannot be named by a cascade verifier\'s prompt, which is a router', async () => {
    const cascade = (prompt: string) => `  verified: { router: cascade, models: [small, big], accept: [{ type: llm-judge, model: judge, prompt: "${prompt}" }] }`;
    expect(await problemsOf(suite(cascade('{{answer}} {{expected}} {{gold_note}}')))).toEqual([
      expect.stringMatching(/^13:104: configurations\.verified\.accept\[0\]\.prompt: the verifier's prompt names "expected", "gold_note", but a verifier is a router/),
    ]);
    expect(await problemsOf(suite(cascade('{{prompt}} {{answer}} {{category}}')))).toEqual([]);
  });

  it('cannot be named by a cascade verifier\'s prompt as {{reference}}, which it would read as \"(none given)\"', async () => {
    const cascade = (accept: string) => `  verified: { router: cascade, models: [small, big], accept: [${accept}] }`;
    expect(await problemsOf(suite(cascade('{ type: llm-judge, model: judge, prompt: "{{prompt}} {{answer}} {{ reference }}" }')))).toEqual([
      expect.stringMatching(/^13:104: configurations\.verified\.accept\[0\]\.prompt: the verifier's prompt names \{\{reference\}\}, which a verifier never gets/),
    ]);
    // Inside a `not` or an `all` too, located at the prompt itself.
    expect(await problemsOf(suite(cascade('{ type: not, check: { type: llm-judge, model: judge, prompt: "{{answer}} {{reference}}" } }')))).toEqual([
      expect.stringMatching(/^13:[0-9]+: configurations\.verified\.accept\[0\]\.check\.prompt: the verifier's prompt names \{\{reference\}\}/),
    ]);
    expect(await problemsOf(suite(cascade('{ type: all, checks: [{ type: regex, pattern: x }, { type: llm-judge, model: judge, prompt: "{{answer}} {{reference.text}}" }] }')))).toEqual([
      expect.stringMatching(/^13:[0-9]+: configurations\.verified\.accept\[0\]\.checks\[1\]\.prompt: the verifier's prompt names \{\{reference\.text\}\}/),
    ]);
  });

  it('listed under reference_fields must exist and be hidden: not id or tags, nor what the prompt shows', async () => {
    expect(await problemsOf(suite('', 'reference_fields: [rationale, clause, id, rationales]\n'))).toEqual([
      '14:31: reference_fields[1]: the prompt shows "clause" to every model, so no router can be kept from it; take it out of the prompt or of reference_fields',
      '14:39: reference_fields[2]: `id` is given to every router; it cannot be a reference field',
      '14:43: reference_fields[3]: no item has a field "rationales" (did you mean "rationale"?); a misspelt reference field hides nothing',
    ]);
  });

  it('of a stored run cannot be read by a `simulate --router` rule either: one line, with its column', () => {
    const context = { modelNames: ['big', 'small'], frontier: 'big', seed: 0, baseDir: process.cwd(), referenceFields: ['expected', 'gold_note'] };
    const refused = () => parseRouterArgument('{ router: rules, rules: [{ when: { field: gold_note, matches: x }, use: big }], default: small }', 'mine', context);
    expect(refused).toThrow(ConfigError);
    try {
      refused();
    } catch (error) {
      expect((error as ConfigError).problems.map(formatProblem)).toEqual([
        '--router:1:43: rules[0].when.field: a rule cannot read "gold_note": no router sees what the checks read as a reference (expected, gold_note)',
      ]);
    }
  });
});
