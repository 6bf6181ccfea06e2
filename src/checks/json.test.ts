import { describe, expect, it } from 'vitest';
import { itemExpecting } from './__fixtures__/item.js';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { compileCheck } from './registry.js';

const partySchema = {
  type: 'object',
  required: ['parties', 'notice_days'],
  properties: {
    parties: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
    notice_days: { type: 'integer' },
  },
};

const contract = { parties: [{ name: 'Acme Ltd' }, { name: 'Beta GmbH' }], notice_days: 30, fee: 1200.5 };

describe('json: reading the output', () => {
  const check = compileCheck({ type: 'json' });

  it('fails an output that holds no JSON', () => {
    expect(check.grade('The notice period is 30 days.', itemExpecting(null))).toEqual({
      status: 'fail',
      score: 0,
      reason: 'output is not JSON: "The notice period is 30 days."',
    });
  });

  it('fails a trailing comma: strict JSON only', () => {
    expect(check.grade('{"notice_days": 30,}', itemExpecting(null)).reason).toMatch(/^output is not JSON/);
  });

  it('passes any well-formed JSON when there is no reference, fenced or in prose', () => {
    expect(check.grade('```json\n{"a": 1}\n```', itemExpecting(undefined))).toEqual({
      status: 'pass',
      score: 1,
      reason: 'well-formed JSON',
    });
    expect(check.grade('Here: [1, 2] as asked.', itemExpecting(null)).status).toBe('pass');
  });

  it('accepts prose around the JSON', () => {
    expect(check.acceptsProse).toBe(true);
  });
});

describe('json: whole value against the reference', () => {
  const check = compileCheck({ type: 'json' });

  it('passes an equal value with keys in another order, nested', () => {
    const output = 'Sure!\n```json\n{"notice_days": 30, "fee": 1200.5, "parties": [{"name": "Acme Ltd"}, {"name": "Beta GmbH"}]}\n```';
    expect(check.grade(output, itemExpecting(contract))).toEqual({ status: 'pass', score: 1, reason: 'equals the expected JSON' });
  });

  it('names the first difference', () => {
    const output = JSON.stringify({ ...contract, parties: [{ name: 'Acme Ltd' }, { name: 'Beta' }] });
    expect(check.grade(output, itemExpecting(contract))).toEqual({
      status: 'fail',
      score: 0,
      reason: 'differs at parties.1.name: expected "Beta GmbH", got "Beta"',
    });
  });

  it('reads a reference written as JSON text', () => {
    expect(check.grade('{"a": [1, 2]}', itemExpecting('{"a": [1, 2]}')).status).toBe('pass');
    expect(check.grade('{"a": [2, 1]}', itemExpecting('{"a": [1, 2]}')).status).toBe('fail');
  });

  it('cannot grade against a reference that is not JSON', () => {
    expect(check.grade('{"a": 1}', itemExpecting('Acme'))).toEqual({
      status: 'error',
      score: 0,
      reason: 'the expected answer of item "item-1" is not JSON',
    });
  });
});

describe('json: schema', () => {
  const check = compileCheck({ type: 'json', schema: partySchema });

  it('passes JSON matching the schema when there is no reference', () => {
    const output = '{"parties": [{"name": "Acme"}], "notice_days": 30}';
    expect(check.grade(output, itemExpecting(undefined))).toEqual({ status: 'pass', score: 1, reason: 'JSON matching the schema' });
  });

  it("fails with Ajv's first error: where, and what", () => {
    const output = '{"parties": [{"name": 7}], "notice_days": 30}';
    expect(check.grade(output, itemExpecting(undefined))).toEqual({
      status: 'fail',
      score: 0,
      reason: 'does not match the schema: /parties/0/name must be string',
    });
    expect(check.grade('{"parties": []}', itemExpecting(undefined)).reason).toBe(
      "does not match the schema: (root) must have required property 'notice_days'",
    );
  });

  it('checks the schema before comparing fields', () => {
    const withFields = compileCheck({ type: 'json', schema: partySchema, fields: ['notice_days'] });
    expect(withFields.grade('{"notice_days": "30"}', itemExpecting(contract)).reason).toMatch(/^does not match the schema/);
  });

  it('blames an invalid schema on the schema key', () => {
    const error = specErrorOf(() => compileCheck({ type: 'json', schema: { type: 'object', properties: { a: { type: 'text' } } } }));
    expect(error.key).toBe('schema');
    expect(error.message).toContain('must be equal to one of the allowed values');
  });
});

describe('json: fields', () => {
  it('passes when every field matches, ignoring the rest', () => {
    const check = compileCheck({ type: 'json', fields: ['parties.0.name', 'notice_days'] });
    const output = 'Extracted: {"parties": [{"name": "Acme Ltd", "role": "buyer"}], "notice_days": 30, "fee": 9}';
    expect(check.grade(output, itemExpecting(contract))).toEqual({ status: 'pass', score: 1, reason: 'all 2 fields match' });
  });

  it('scores the share of fields right, naming the wrong ones', () => {
    const check = compileCheck({ type: 'json', fields: ['parties.0.name', 'parties.1.name', 'notice_days'] });
    const output = '{"parties": [{"name": "Acme Ltd"}], "notice_days": 31}';
    const verdict = check.grade(output, itemExpecting(contract));
    expect(verdict.status).toBe('fail');
    expect(verdict.score).toBeCloseTo(1 / 3);
    expect(verdict.reason).toBe('1 of 3 fields match; parties.1.name: missing; notice_days: expected 30, got 31');
  });

  it('passes a share of fields at or above pass_threshold', () => {
    const check = compileCheck({ type: 'json', fields: ['parties.0.name', 'parties.1.name', 'notice_days'], pass_threshold: 2 / 3 });
    const verdict = check.grade('{"parties": [{"name": "Acme Ltd"}], "notice_days": 30}', itemExpecting(contract));
    expect(verdict.status).toBe('pass');
    expect(verdict.score).toBeCloseTo(2 / 3);
  });

  it('compares numbers within the tolerances of a field', () => {
    const check = compileCheck({ type: 'json', fields: [{ path: 'fee', abs_tol: 0.5 }, { path: 'notice_days', rel_tol: 0.1 }] });
    expect(check.grade('{"fee": 1200.9, "notice_days": 32}', itemExpecting(contract)).status).toBe('pass');
    expect(check.grade('{"fee": 1201.1, "notice_days": 32}', itemExpecting(contract)).reason).toBe(
      '1 of 2 fields match; fee: expected 1200.5, got 1201.1',
    );
  });

  it('reads a number written as text when a field has a tolerance, and not otherwise', () => {
    const tolerant = compileCheck({ type: 'json', fields: [{ path: 'fee', abs_tol: 0 }] });
    expect(tolerant.grade('{"fee": "1,200.50"}', itemExpecting(contract)).status).toBe('pass');
    const strict = compileCheck({ type: 'json', fields: ['fee'] });
    expect(strict.grade('{"fee": "1200.5"}', itemExpecting(contract)).reason).toBe('0 of 1 fields match; fee: expected 1200.5, got "1200.5"');
  });

  it('absorbs float rounding by default', () => {
    const check = compileCheck({ type: 'json', fields: ['total'] });
    expect(check.grade('{"total": 0.30000000000000004}', itemExpecting({ total: 0.3 })).status).toBe('pass');
  });

  it('normalises text fields as asked (whitespace by default)', () => {
    const plain = compileCheck({ type: 'json', fields: ['parties.0.name'] });
    expect(plain.grade('{"parties": [{"name": " Acme   Ltd "}]}', itemExpecting(contract)).status).toBe('pass');
    expect(plain.grade('{"parties": [{"name": "ACME LTD"}]}', itemExpecting(contract)).status).toBe('fail');
    const folded = compileCheck({ type: 'json', fields: [{ path: 'parties.0.name', normalize: ['case', 'punctuation'] }] });
    expect(folded.grade('{"parties": [{"name": "ACME, LTD."}]}', itemExpecting({ parties: [{ name: 'acme ltd' }] })).status).toBe(
      'pass',
    );
  });

  it('compares a nested object field as a whole', () => {
    const check = compileCheck({ type: 'json', fields: ['parties'] });
    expect(check.grade(JSON.stringify({ parties: contract.parties }), itemExpecting(contract)).status).toBe('pass');
    expect(check.grade('{"parties": [{"name": "Acme Ltd"}]}', itemExpecting(contract)).status).toBe('fail');
  });

  it('cannot grade when the reference lacks a field, naming it', () => {
    const check = compileCheck({ type: 'json', fields: ['notice_days', 'governing_law'] });
    expect(check.grade('{"notice_days": 30, "governing_law": "UK"}', itemExpecting(contract))).toEqual({
      status: 'error',
      score: 0,
      reason: 'the expected answer of item "item-1" has no field "governing_law"',
    });
  });

  it('cannot grade without a reference', () => {
    const check = compileCheck({ type: 'json', fields: ['a'] });
    expect(check.grade('{"a": 1}', itemExpecting(undefined)).status).toBe('error');
  });

  it('lists three wrong fields at most', () => {
    const check = compileCheck({ type: 'json', fields: ['a', 'b', 'c', 'd', 'e'] });
    const verdict = check.grade('{}', itemExpecting({ a: 1, b: 2, c: 3, d: 4, e: 5 }));
    expect(verdict.reason).toBe('0 of 5 fields match; a: missing; b: missing; c: missing; and 2 more');
  });
});

describe('json: spec', () => {
  it('blames a malformed field on its position', () => {
    expect(specErrorOf(() => compileCheck({ type: 'json', fields: [] })).key).toBe('fields');
    expect(specErrorOf(() => compileCheck({ type: 'json', fields: 'a.b' })).key).toBe('fields');
    expect(specErrorOf(() => compileCheck({ type: 'json', fields: ['a', 'b..c'] })).key).toBe('fields.1');
    expect(specErrorOf(() => compileCheck({ type: 'json', fields: [{ abs_tol: 1 }] })).key).toBe('fields.0.path');
    expect(specErrorOf(() => compileCheck({ type: 'json', fields: [3] })).key).toBe('fields.0');
    expect(specErrorOf(() => compileCheck({ type: 'json', fields: [{ path: 'a', abs_tol: -1 }] })).key).toBe('fields.0.abs_tol');
    expect(specErrorOf(() => compileCheck({ type: 'json', fields: [{ path: 'a', normalize: ['lower'] }] })).key).toBe(
      'fields.0.normalize',
    );
  });

  it('suggests the key a field probably meant', () => {
    const error = specErrorOf(() => compileCheck({ type: 'json', fields: ['a', { path: 'b', abs_tl: 1 }] }));
    expect(error.key).toBe('fields.1.abs_tl');
    expect(error.message).toContain('did you mean "abs_tol"');
  });

  it('takes pass_threshold only with fields, and only from 0 to 1', () => {
    expect(specErrorOf(() => compileCheck({ type: 'json', pass_threshold: 0.5 })).key).toBe('pass_threshold');
    expect(specErrorOf(() => compileCheck({ type: 'json', fields: ['a'], pass_threshold: 2 })).key).toBe('pass_threshold');
  });

  it('needs a reference unless it checks a schema only', () => {
    expect(compileCheck({ type: 'json' }).needsReference).toBe(true);
    expect(compileCheck({ type: 'json', fields: ['a'] }).needsReference).toBe(true);
    expect(compileCheck({ type: 'json', schema: { type: 'object' } }).needsReference).toBe(false);
    expect(compileCheck({ type: 'json', schema: { type: 'object' }, fields: ['a'] }).needsReference).toBe(true);
  });

  it('points at a nested json spec', () => {
    expect(specErrorOf(() => compileCheck({ type: 'not', check: { type: 'json', fields: ['a.'] } })).key).toBe('check.fields.0');
  });
});
