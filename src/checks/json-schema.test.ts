import { describe, expect, it } from 'vitest';
import { specErrorOf } from './__fixtures__/spec-error.js';
import { compileJsonSchema, describeSchemaError } from './json-schema.js';

describe('compileJsonSchema', () => {
  it('compiles each distinct schema once, whatever its key order', () => {
    const first = compileJsonSchema({ type: 'object', required: ['a'] });
    expect(compileJsonSchema({ required: ['a'], type: 'object' })).toBe(first);
    expect(compileJsonSchema({ type: 'object', required: ['b'] })).not.toBe(first);
  });

  it("blames a schema Ajv refuses on the schema key, with Ajv's message", () => {
    const error = specErrorOf(() => compileJsonSchema({ type: 'objekt' }));
    expect(error.key).toBe('schema');
    expect(error.message).toContain('schema is invalid: data/type must be equal to one of the allowed values');
  });

  it('refuses a misspelt keyword and an unknown format instead of ignoring them', () => {
    expect(specErrorOf(() => compileJsonSchema({ type: 'object', requried: ['a'] })).message).toContain(
      'unknown keyword: "requried"',
    );
    expect(specErrorOf(() => compileJsonSchema({ type: 'string', format: 'email' })).message).toContain('unknown format');
  });

  it('explains that a newer draft is not read', () => {
    const error = specErrorOf(() =>
      compileJsonSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' }),
    );
    expect(error.message).toContain('draft-07');
  });

  it('lets two schemas share an $id', () => {
    compileJsonSchema({ $id: 'https://example.com/answer', type: 'object' });
    expect(() => compileJsonSchema({ $id: 'https://example.com/answer', type: 'array' })).not.toThrow();
  });

  it('matches `pattern` and `patternProperties` in linear time, and refuses a pattern that needs backtracking', () => {
    const validate = compileJsonSchema({ type: 'object', properties: { a: { type: 'string', pattern: '^(a+)+$' } }, patternProperties: { '^(x+)+$': { type: 'number' } } });
    expect(validate({ a: `${'a'.repeat(5_000)}!` })).toBe(false);
    expect(validate({ a: 'a'.repeat(5_000) })).toBe(true);
    expect(validate({ [`${'x'.repeat(5_000)}`]: 'not a number' })).toBe(false);
    const error = specErrorOf(() => compileJsonSchema({ type: 'string', pattern: '(\\d)\\1' }));
    expect(error.key).toBe('schema');
    expect(error.message).toMatch(/invalid JSON Schema: a backreference .* is not supported/);
  });

  it('refuses a schema that is not a mapping', () => {
    expect(specErrorOf(() => compileJsonSchema('object')).key).toBe('schema');
    expect(specErrorOf(() => compileJsonSchema([{ type: 'object' }])).key).toBe('schema');
  });
});

describe('describeSchemaError', () => {
  it('says where in the output and what is wrong, naming an extra property', () => {
    const validate = compileJsonSchema({ type: 'object', properties: { a: { type: 'integer' } }, additionalProperties: false });
    validate({ a: 1, extra: true });
    expect(describeSchemaError(validate.errors![0]!)).toBe('(root) must NOT have additional properties ("extra")');
    validate({ a: 'one' });
    expect(describeSchemaError(validate.errors![0]!)).toBe('/a must be integer');
  });
});
