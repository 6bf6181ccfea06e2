import { describe, expect, it } from 'vitest';
import { readJsonInText } from './json-in-text.js';

describe('readJsonInText', () => {
  it('reads an output that is JSON, whatever the value', () => {
    expect(readJsonInText(' {"a": 1} \n')).toEqual({ found: true, value: { a: 1 } });
    expect(readJsonInText('[1, 2]')).toEqual({ found: true, value: [1, 2] });
    expect(readJsonInText('42')).toEqual({ found: true, value: 42 });
  });

  it('reads a fenced block labelled json or not labelled', () => {
    const labelled = 'Here you go:\n```json\n{"name": "Acme"}\n```\nAnything else?';
    expect(readJsonInText(labelled)).toEqual({ found: true, value: { name: 'Acme' } });
    expect(readJsonInText('```\n[{"x": true}]\n```')).toEqual({ found: true, value: [{ x: true }] });
    expect(readJsonInText('```JSON\n{"a": 1}\n```')).toEqual({ found: true, value: { a: 1 } });
  });

  it('takes the first fenced block that parses', () => {
    const output = '```json\n{oops}\n```\nFixed:\n```json\n{"a": 2}\n```';
    expect(readJsonInText(output)).toEqual({ found: true, value: { a: 2 } });
  });

  it('finds the first object or array in prose', () => {
    expect(readJsonInText('The result is {"total": 30, "unit": "days"}. Hope it helps!')).toEqual({
      found: true,
      value: { total: 30, unit: 'days' },
    });
    expect(readJsonInText('Answer: [1, {"b": [2]}] done')).toEqual({ found: true, value: [1, { b: [2] }] });
  });

  it('is not fooled by brackets inside strings', () => {
    const output = 'Sure: {"text": "a } and a ] inside", "n": 1} (end)';
    expect(readJsonInText(output)).toEqual({ found: true, value: { text: 'a } and a ] inside', n: 1 } });
    expect(readJsonInText('{"q": "say \\"}\\" now"}')).toEqual({ found: true, value: { q: 'say "}" now' } });
  });

  it('skips braces in prose that are not JSON', () => {
    expect(readJsonInText('Use {placeholders} like this: {"a": 1}')).toEqual({ found: true, value: { a: 1 } });
    expect(readJsonInText('A [sic} typo, then {"a": 1}')).toEqual({ found: true, value: { a: 1 } });
  });

  it('refuses a trailing comma, a comment or single quotes', () => {
    expect(readJsonInText('{"a": 1,}')).toEqual({ found: false });
    expect(readJsonInText('```json\n{"a": 1, // one\n}\n```')).toEqual({ found: false });
    expect(readJsonInText("{'a': 1}")).toEqual({ found: false });
  });

  it('never returns a member of a malformed object', () => {
    expect(readJsonInText('{"list": [1, 2,], "inner": {"b": 1}}')).toEqual({ found: false });
  });

  it('finds nothing in a cut-off answer or in plain prose', () => {
    expect(readJsonInText('{"parties": [{"name": "A"}, {"name": "B"')).toEqual({ found: false });
    expect(readJsonInText('The notice period is 30 days.')).toEqual({ found: false });
    expect(readJsonInText('')).toEqual({ found: false });
  });
});
