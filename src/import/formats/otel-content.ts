import { scrubValue } from '../scrub.js';
import type { ImportTally } from '../types.js';
import type { PlainEvent, PlainSpan } from './otel-spans.js';
import { replyOf, type Reply } from './trace-exchange.js';
import { isRecord } from './trace-records.js';

/**
 * Where a GenAI span keeps the conversation and the answer, when the
 * instrumentation captured them. Three generations of the OpenTelemetry GenAI
 * conventions are read, newest first:
 * - span attributes `gen_ai.input.messages`, `gen_ai.output.messages` and
 *   `gen_ai.system_instructions` (JSON strings of `{role, parts}` messages),
 *   also found on a `gen_ai.client.inference.operation.details` event;
 * - one event per message (`gen_ai.system.message`, `gen_ai.user.message`,
 *   `gen_ai.assistant.message`, `gen_ai.tool.message`) and `gen_ai.choice`
 *   for the answer, their content in the event's body or attributes;
 * - the events `gen_ai.content.prompt` / `gen_ai.content.completion` with
 *   `gen_ai.prompt` / `gen_ai.completion` (OpenAI-shaped JSON, or plain text).
 */
export interface SpanContent {
  messages: unknown[];
  reply?: Reply;
}

/** An attribute that should hold JSON does not: the span is malformed. */
export class ContentError extends Error {}

const messageEvents: Record<string, string> = {
  'gen_ai.system.message': 'system', 'gen_ai.user.message': 'user', 'gen_ai.assistant.message': 'assistant', 'gen_ai.tool.message': 'tool',
};

export function spanContent(span: PlainSpan, tally: ImportTally): SpanContent {
  const details = span.events.find((event) => event.name === 'gen_ai.client.inference.operation.details')?.attributes ?? {};
  const attribute = (key: string): unknown => span.attributes[key] ?? details[key];
  const current = currentContent(attribute, tally);
  if (current.messages.length > 0 || current.reply !== undefined) return current;
  const events = eventContent(span.events, tally);
  if (events.messages.length > 0 || events.reply !== undefined) return events;
  return legacyContent(span, tally);
}

function currentContent(attribute: (key: string) => unknown, tally: ImportTally): SpanContent {
  const input = jsonAttribute(attribute('gen_ai.input.messages'), 'gen_ai.input.messages', tally);
  const output = jsonAttribute(attribute('gen_ai.output.messages'), 'gen_ai.output.messages', tally);
  const system = jsonAttribute(attribute('gen_ai.system_instructions'), 'gen_ai.system_instructions', tally, true);
  if (input !== undefined && !Array.isArray(input)) throw new ContentError('gen_ai.input.messages is not a list of messages');
  if (output !== undefined && !Array.isArray(output)) throw new ContentError('gen_ai.output.messages is not a list of messages');
  const messages = (input ?? []).map(partsMessage);
  const hasSystem = messages.some((message) => isRecord(message) && message.role === 'system');
  if (system !== undefined && system !== '' && !hasSystem) messages.unshift({ role: 'system', parts: system });
  const first = (output ?? []).find(isRecord);
  return { messages, ...(first === undefined ? {} : { reply: replyOf(partsOf(first.parts ?? first.content), first.tool_calls) }) };
}

function eventContent(events: PlainEvent[], tally: ImportTally): SpanContent {
  const messages: unknown[] = [];
  let reply: Reply | undefined;
  let replyIndex = Infinity;
  for (const event of events) {
    const role = messageEvents[event.name];
    if (role === undefined && event.name !== 'gen_ai.choice') continue;
    const body = eventBody(event, tally);
    if (role !== undefined) {
      const message: Record<string, unknown> = { role: typeof body.role === 'string' ? body.role : role };
      const content = body.content ?? event.attributes.content;
      message.content = role === 'tool' ? resultText(content) : content;
      const toolCalls = jsonIfText(body.tool_calls ?? event.attributes.tool_calls, tally);
      if (Array.isArray(toolCalls)) message.tool_calls = toolCalls;
      if (content !== undefined || message.tool_calls !== undefined) messages.push(message);
      continue;
    }
    // Several choices (n > 1) are several answers; the first is the one the application used.
    const index = typeof body.index === 'number' ? body.index : typeof event.attributes.index === 'number' ? event.attributes.index : 0;
    const message = jsonIfText(body.message ?? event.attributes.message, tally);
    const choice = isRecord(message) ? message : {};
    const content = choice.content ?? event.attributes['message.content'] ?? body.content ?? event.attributes.content;
    const toolCalls = jsonIfText(choice.tool_calls ?? event.attributes['message.tool_calls'] ?? event.attributes.tool_calls, tally);
    if ((content !== undefined || Array.isArray(toolCalls)) && index < replyIndex) {
      reply = replyOf(content, toolCalls);
      replyIndex = index;
    }
  }
  return { messages, ...(reply === undefined ? {} : { reply }) };
}

function legacyContent(span: PlainSpan, tally: ImportTally): SpanContent {
  const eventAttribute = (eventName: string, key: string): unknown =>
    span.events.find((event) => event.name === eventName)?.attributes[key] ?? span.attributes[key];
  const prompt = jsonIfText(eventAttribute('gen_ai.content.prompt', 'gen_ai.prompt'), tally);
  const completion = jsonIfText(eventAttribute('gen_ai.content.completion', 'gen_ai.completion'), tally);
  const messages = Array.isArray(prompt) ? prompt : typeof prompt === 'string' && prompt.trim() !== '' ? [{ role: 'user', content: prompt }] : [];
  const answer = Array.isArray(completion) ? completion[0] : completion;
  if (answer === undefined || answer === null) return { messages };
  const reply = isRecord(answer) ? replyOf(answer.content ?? answer.text, answer.tool_calls) : replyOf(String(answer));
  return { messages, reply };
}

/** The body of a message event: its log body, else `gen_ai.event.content` (a JSON string some SDKs write), else nothing. */
function eventBody(event: PlainEvent, tally: ImportTally): Record<string, unknown> {
  const body = event.body ?? jsonIfText(event.attributes['gen_ai.event.content'], tally);
  return isRecord(body) ? body : typeof body === 'string' ? { content: body } : {};
}

/**
 * A JSON-string attribute parsed, and scrubbed again: a credential named as a
 * key inside the JSON was only text to the first scrub. Undefined when unset;
 * `plainText` allows a string that is not JSON (system instructions may be one).
 */
function jsonAttribute(value: unknown, name: string, tally: ImportTally, plainText = false): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return scrubValue(JSON.parse(value), tally);
  } catch {
    if (plainText) return value;
    throw new ContentError(`${name} is not valid JSON`);
  }
}

/** A string that looks like JSON, parsed (and scrubbed); anything else as it is. */
function jsonIfText(value: unknown, tally: ImportTally): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return scrubValue(JSON.parse(value), tally);
  } catch {
    return value;
  }
}

/**
 * A `{role, parts}` message as `flattenMessages` reads it best: a tool's
 * message holds its responses as text (else it would say "tool result" twice),
 * and a response that is an object is written as JSON rather than lost.
 */
function partsMessage(message: unknown): unknown {
  if (!isRecord(message)) return message;
  const { content: _content, ...rest } = message;
  const parts = partsOf(message.parts ?? message.content);
  if (message.role !== 'tool' || !Array.isArray(parts)) return { ...rest, parts };
  const texts = parts.map((part) => (isRecord(part) && part.type === 'tool_call_response' ? resultText(part.response) : part));
  return { role: 'tool', content: texts };
}

function partsOf(parts: unknown): unknown {
  if (!Array.isArray(parts)) return parts;
  return parts.map((part) =>
    isRecord(part) && part.type === 'tool_call_response' && typeof part.response !== 'string' ? { ...part, response: resultText(part.response) } : part);
}

/** A tool's result as text: objects as JSON. */
function resultText(value: unknown): unknown {
  if (value === undefined || value === null || typeof value === 'string' || Array.isArray(value)) return value;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
