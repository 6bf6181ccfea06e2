import type { Item, Message } from '../types/index.js';
import type { Template } from './template.js';

/**
 * Chat items: an item may carry `messages`, the conversation as it was sent
 * (OpenAI-style roles), instead of filling the suite's prompt template. The
 * models get the turns as they are; everything that needs the task as one
 * text (the judge, the mock, the explorer, a router's `prompt`) gets it
 * written out by `conversationText`.
 */
const roles = new Set<Message['role']>(['system', 'user', 'assistant']);

/** The conversation an item's `messages` value holds, or why it holds none. */
export function parseConversation(value: unknown): { messages: Message[] } | { error: string } {
  if (!Array.isArray(value) || value.length === 0) return { error: '`messages` must be a non-empty list of { role, content } turns' };
  const messages: Message[] = [];
  for (const [index, entry] of value.entries()) {
    const where = `\`messages\` turn ${index + 1}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return { error: `${where} must be a mapping { role, content }` };
    const { role, content } = entry as Record<string, unknown>;
    if (typeof role !== 'string' || !roles.has(role as Message['role'])) {
      return { error: `${where} has role ${JSON.stringify(role)}; roles are system, user and assistant` };
    }
    const text = contentOf(content);
    if (typeof text !== 'string') return { error: `${where}: ${text.error}` };
    messages.push({ role: role as Message['role'], content: text });
  }
  if (messages[messages.length - 1]!.role !== 'user') return { error: 'the conversation must end with a user turn: that is the turn the models answer' };
  return { messages };
}

/** A string, or text content parts (`{ type: text, text }`) joined by newlines; other parts are refused. */
function contentOf(content: unknown): string | { error: string } {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return { error: '`content` must be text or a list of text parts' };
  const texts: string[] = [];
  for (const part of content) {
    const record = (part ?? {}) as Record<string, unknown>;
    if (record.type !== 'text' || typeof record.text !== 'string') {
      return { error: `content part of type ${JSON.stringify(record.type)}: route-bench sends text only (parts { type: text, text })` };
    }
    texts.push(record.text);
  }
  return texts.join('\n');
}

/** The conversation as one text: each turn headed by its role. */
export function conversationText(messages: readonly Message[]): string {
  return messages.map((message) => `${message.role}: ${message.content}`).join('\n\n');
}

/** What the token counter reads of a request: the turns' contents, as the engine counts a call's input. */
export function tokenText(messages: readonly Message[]): string {
  return messages.map((message) => message.content).join('\n');
}

/** The last user turn: what the models answer, and what a rule on `last_turn` reads. */
export function lastUserTurn(messages: readonly Message[]): string {
  for (let index = messages.length - 1; index >= 0; index--) if (messages[index]!.role === 'user') return messages[index]!.content;
  return '';
}

/** How many user turns the conversation holds (1 for a single question). */
export function userTurns(messages: readonly Message[]): number {
  let count = 0;
  for (const message of messages) if (message.role === 'user') count++;
  return count;
}

/**
 * A chat item's conversation: parsed as the item loaded, or, for an item
 * read back from a stored run (its fields only), parsed again from them.
 */
export function conversationOf(item: Pick<Item, 'messages' | 'fields'>): Message[] | undefined {
  if (item.messages) return item.messages;
  if (item.fields.messages === undefined) return undefined;
  const parsed = parseConversation(item.fields.messages);
  return 'messages' in parsed ? parsed.messages : undefined;
}

/** The task as one text: the conversation written out, or the suite's template over the item's fields. */
export function itemPrompt(item: Pick<Item, 'messages' | 'fields'>, template: Template): string {
  const conversation = conversationOf(item);
  return conversation ? conversationText(conversation) : template.render(item.fields);
}
