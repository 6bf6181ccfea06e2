import { describe, expect, it } from 'vitest';
import { compileTemplate } from './template.js';

describe('compileTemplate', () => {
  it('fills fields, tolerates spaces, reaches into objects and lists the fields it reads', () => {
    const template = compileTemplate('A {{ clause }} / {{party.name}} / {{clause}} / {{tags}}');
    expect(template.fields).toEqual(['clause', 'party.name', 'tags']);
    expect(template.render({ clause: 'c', party: { name: 'Acme' }, tags: ['x', 'y'] })).toBe('A c / Acme / c / x, y');
  });

  it('renders a template without placeholders as it is, and missing values as empty', () => {
    expect(compileTemplate('plain').render({})).toBe('plain');
    expect(compileTemplate('{{a}}-{{b}}').render({ a: 1 })).toBe('1-');
  });
});
