import type { Message } from '../types/index.js';
import { scrubText } from './scrub.js';
import type { ImportTally } from './types.js';

/**
 * Logged conversations as route-bench items hold them: text turns of
 * `system`, `user` and `assistant`. Content may be a string or a list of
 * parts in the OpenAI (`{type: text, text}`), Anthropic (`text`, `tool_use`,
 * `tool_result`) or OpenTelemetry GenAI (`{type: text, content}`,
 * `tool_call`, `tool_call_response`) shapes. A tool call becomes a line of
 * text in the assistant's turn, a tool's result a user turn that says so, and
 * an image or file a placeholder: the models are asked again with the same
 * text, and the summary counts what was flattened.
 */
export interface Flattened {
  messages: Message[];
  /** Turns that were, or held, tool calls or tool results. */
  toolTurns: number;
}

const roles: Record<string, Message['role'] | 'tool'> = {
  system: 'system', developer: 'system', user: 'user', human: 'user', assistant: 'assistant', ai: 'assistant', model: 'assistant',
  tool: 'tool', function: 'tool',
};

/** Null when `raw` is not a list of messages (the caller counts it as malformed). */
export function flattenMessages(raw: unknown, tally: ImportTally): Flattened | null {
  if (!Array.isArray(raw)) return null;
  const messages: Message[] = [];
  let toolTurns = 0;
  for (const entry of raw) {
    if (entry === null || typeof entry !== 'object') return null;
    const message = entry as Record<string, unknown>;
    const role = roles[String(message.role ?? message.type ?? '').toLowerCase()];
    if (role === undefined) return null;
    // A refusal has no content, its text is in `refusal` (OpenAI).
    const parts = contentText(message.content ?? message.parts ?? message.text ?? message.refusal);
    let text = parts.text;
    let tools = parts.tools;
    for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
      text += `${text === '' ? '' : '\n'}${toolCallText(call)}`;
      tools++;
    }
    if (message.function_call !== undefined && message.function_call !== null) {
      text += `${text === '' ? '' : '\n'}${toolCallText({ function: message.function_call })}`;
      tools++;
    }
    if (role === 'tool') {
      const name = typeof message.name === 'string' ? ` ${message.name}` : '';
      messages.push({ role: 'user', content: scrubText(`[tool result${name}]\n${text}`, tally) });
      toolTurns++;
      continue;
    }
    if (tools > 0) toolTurns++;
    messages.push({ role, content: scrubText(text, tally) });
  }
  return { messages, toolTurns };
}

/** The text of one turn's content, and how many tool parts it held. */
export function contentText(content: unknown): { text: string; tools: number } {
  if (content === undefined || content === null) return { text: '', tools: 0 };
  if (typeof content === 'string') return { text: content, tools: 0 };
  if (!Array.isArray(content)) return typeof content === 'object' ? contentText([content]) : { text: String(content), tools: 0 };
  const texts: string[] = [];
  let tools = 0;
  for (const part of content) {
    if (typeof part === 'string') {
      texts.push(part);
      continue;
    }
    if (part === null || typeof part !== 'object') continue;
    const record = part as Record<string, unknown>;
    const type = String(record.type ?? 'text');
    if (type === 'text' || type === 'input_text' || type === 'output_text') {
      const text = record.text ?? record.content;
      if (typeof text === 'string') texts.push(text);
    } else if (type === 'refusal' && typeof record.refusal === 'string') {
      texts.push(record.refusal);
    } else if (type === 'tool_use' || type === 'tool_call' || type === 'function_call') {
      texts.push(toolCallText(record));
      tools++;
    } else if (type === 'tool_result' || type === 'tool_call_response' || type === 'function_call_output') {
      const inner = contentText(record.content ?? record.response ?? record.output);
      texts.push(`[tool result]\n${inner.text}`);
      tools++;
    } else {
      texts.push(`[${type.replace(/_url$/, '')}]`);
    }
  }
  return { text: texts.join('\n'), tools };
}

/** `[tool call name({"a":1})]`, from an OpenAI `tool_calls` entry, an Anthropic `tool_use` block or an OTel `tool_call` part. */
function toolCallText(call: unknown): string {
  const record = (call ?? {}) as Record<string, unknown>;
  const inner = (record.function ?? record) as Record<string, unknown>;
  const name = typeof inner.name === 'string' ? inner.name : 'tool';
  const args = inner.arguments ?? inner.input ?? {};
  return `[tool call ${name}(${typeof args === 'string' ? args : JSON.stringify(args)})]`;
}

/** A suite's conversation ends with the turn the models answer: one that ends otherwise cannot be asked again. */
export const endsWithoutUserTurn = 'conversation does not end with a user turn';

/** Why a flattened conversation cannot be an item (no user text in it, or not ending on the user's turn); undefined when it can. */
export function conversationSkip(messages: readonly Message[]): string | undefined {
  if (!messages.some((message) => message.role === 'user' && message.content.trim() !== '')) return 'empty prompt';
  if (messages.at(-1)?.role !== 'user') return endsWithoutUserTurn;
  return undefined;
}
