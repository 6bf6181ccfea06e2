import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown } from './escape.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
});

describe('escapeMarkdown', () => {
  it('escapes table pipes, emphasis, code, links, HTML, entities and math', () => {
    expect(escapeMarkdown('a|b *c* _d_ `e` [f](g) <h> &amp; $1$ ~~i~~ ![j]')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\&amp; \\$1\\$ \\~\\~i\\~\\~ \\!\\[j\\]',
    );
  });

  it('keeps one line, and defuses a block marker at the start', () => {
    expect(escapeMarkdown('one\ntwo\r\nthree')).toBe('one two three');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('+ item')).toBe('\\+ item');
    expect(escapeMarkdown('12. item')).toBe('12\\. item');
    expect(escapeMarkdown('---')).toBe('\\---');
    expect(escapeMarkdown('-1.5 pp and 1.08')).toBe('-1.5 pp and 1.08');
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('> quote')).toBe('\\> quote');
  });

  it('leaves ordinary names and numbers readable', () => {
    expect(escapeMarkdown('all-frontier (baseline): 3.1x cheaper, 96.6%')).toBe('all-frontier (baseline): 3.1x cheaper, 96.6%');
  });

  it('breaks @mentions so a model output cannot notify anyone', () => {
    expect(escapeMarkdown('ping @octocat')).toBe('ping @\u200boctocat');
  });

  it('escapes a backslash, so an escape in the data cannot cancel ours', () => {
    expect(escapeMarkdown('\\|')).toBe('\\\\\\|');
  });

  it('drops escape sequences, control characters and bidirectional controls in HTML and Markdown alike', () => {
    const tag = 'hard\u001b[31m\u202e\u2066x\u0007';
    expect(escapeHtml(tag)).toBe('hardx');
    expect(escapeMarkdown(tag)).toBe('hardx');
  });
});
