import { describe, expect, it } from 'vitest';
import type { Message } from '../types/index.js';
import { compileTemplate } from './template.js';
import { conversationOf, conversationText, itemPrompt, lastUserTurn, parseConversation, tokenText, userTurns } from './conversation.js';

const chat: Message[] = [
  { role: 'system', content: 'You answer billing questions.' },
  { role: 'user', content: 'My invoice is wrong.' },
  { role: 'assistant', content: 'Which line?' },
  { role: 'user', content: 'Line 3: I was charged twice.' },
];

function errorOf(value: unknown): string {
  const parsed = parseConversation(value);
  if (!('error' in parsed)) throw new Error(`parsed: ${JSON.stringify(parsed)}`);
  return parsed.error;
}

describe('parseConversation', () => {
  it('takes string content as it is', () => {
    expect(parseConversation(chat)).toEqual({ messages: chat });
  });

  it('joins text parts with newlines, and mixes with string turns', () => {
    const parsed = parseConversation([
      { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: [{ type: 'text', text: 'First line.' }, { type: 'text', text: 'Second line.' }] },
    ]);
    expect(parsed).toEqual({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'First line.\nSecond line.' }] });
    expect(parseConversation([{ role: 'user', content: [] }])).toEqual({ messages: [{ role: 'user', content: '' }] });
  });

  it('keeps only role and content of a turn', () => {
    expect(parseConversation([{ role: 'user', content: 'Hi', name: 'alice' }])).toEqual({ messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('refuses roles other than system, user and assistant, naming the turn', () => {
    for (const role of ['tool', 'developer', 'User', '', 7, undefined]) {
      const error = errorOf([{ role: 'user', content: 'Hi' }, { role, content: 'x' }, { role: 'user', content: 'Hi' }]);
      expect(error).toContain('turn 2');
      expect(error).toContain('roles are system, user and assistant');
    }
  });

  it('refuses image and other non-text parts', () => {
    const image = { type: 'image_url', image_url: { url: 'https://example.com/a.png' } };
    expect(errorOf([{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, image] }])).toMatch(/turn 1: content part of type "image_url"/);
    expect(errorOf([{ role: 'user', content: [{ type: 'text' }] }])).toContain('content part');
    expect(errorOf([{ role: 'user', content: [null] }])).toContain('content part');
    expect(errorOf([{ role: 'user', content: 42 }])).toContain('`content` must be text or a list of text parts');
    expect(errorOf([{ role: 'user' }])).toContain('`content` must be text');
  });

  it('refuses an empty list, a list of non-turns, and what is not a list', () => {
    for (const value of [[], undefined, null, 'Hello', { role: 'user', content: 'Hi' }]) {
      expect(errorOf(value)).toContain('non-empty list');
    }
    expect(errorOf(['Hello'])).toContain('turn 1 must be a mapping');
    expect(errorOf([[{ role: 'user', content: 'Hi' }]])).toContain('turn 1 must be a mapping');
  });

  it('refuses a conversation whose last turn is not the user\'s', () => {
    expect(errorOf(chat.slice(0, 3))).toContain('must end with a user turn');
    expect(errorOf([{ role: 'system', content: 'Be brief.' }])).toContain('must end with a user turn');
  });
});

describe('a conversation as text', () => {
  it('writes every turn headed by its role', () => {
    expect(conversationText(chat)).toBe(
      'system: You answer billing questions.\n\nuser: My invoice is wrong.\n\nassistant: Which line?\n\nuser: Line 3: I was charged twice.');
    expect(tokenText(chat)).toBe('You answer billing questions.\nMy invoice is wrong.\nWhich line?\nLine 3: I was charged twice.');
  });

  it('finds the last user turn and counts user turns only', () => {
    expect(lastUserTurn(chat)).toBe('Line 3: I was charged twice.');
    expect(userTurns(chat)).toBe(2);
    expect(userTurns([{ role: 'system', content: 's' }, { role: 'user', content: 'u' }])).toBe(1);
    // A list a parser never let through: no user turn at all.
    expect(lastUserTurn([{ role: 'assistant', content: 'a' }])).toBe('');
    expect(userTurns([])).toBe(0);
  });
});

describe('conversationOf', () => {
  it('uses the parsed conversation when the item has one', () => {
    const parsed: Message[] = [{ role: 'user', content: 'parsed' }];
    expect(conversationOf({ messages: parsed, fields: { messages: [{ role: 'user', content: 'raw' }] } })).toBe(parsed);
  });

  it('parses again from the fields of an item read back from a store', () => {
    const fields = { id: 'c1', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: [{ type: 'text', text: 'a' }, { type: 'text', text: 'b' }] }] };
    expect(conversationOf({ fields })).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'a\nb' }]);
  });

  it('is undefined for an item of the prompt template, or fields that are no conversation', () => {
    expect(conversationOf({ fields: { question: 'q' } })).toBeUndefined();
    expect(conversationOf({ fields: { messages: [{ role: 'assistant', content: 'no user turn' }] } })).toBeUndefined();
  });

  it('gives the task as one text: the conversation, or the template', () => {
    const template = compileTemplate('Q: {{question}}');
    expect(itemPrompt({ fields: { question: 'Why?' } }, template)).toBe('Q: Why?');
    expect(itemPrompt({ fields: { question: 'Why?', messages: chat } }, template)).toBe(conversationText(chat));
  });
});
