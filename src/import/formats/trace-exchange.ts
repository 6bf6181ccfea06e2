import { contentText, conversationSkip, flattenMessages } from '../flatten-messages.js';
import { skip, type ImportedExchange, type ImportTally } from '../types.js';

/**
 * One logged model call as the trace importers see it once they have found
 * its pieces: the raw conversation (any shape `flattenMessages` reads) and the
 * reply. Turning it into an exchange, or into a counted skip, is the same for
 * every trace format, so the reasons a user sees are the same too.
 */
export interface TraceCall extends Omit<ImportedExchange, 'messages' | 'answer' | 'toolTurns'> {
  messages: unknown[];
  reply: Reply;
}

/** The text a model answered with, and how many tool calls it made instead of or beside it. */
export interface Reply {
  text: string;
  toolCalls: number;
}


/**
 * The reply in an answer's content (a string, a list of parts, or one part)
 * and its tool calls. Only text is the answer: a tool call's arguments are
 * not something another model could be graded against, and reasoning parts
 * are not what the user saw.
 */
export function replyOf(content: unknown, toolCalls?: unknown): Reply {
  const calls = Array.isArray(toolCalls) ? toolCalls.length : 0;
  if (typeof content === 'string') return { text: content, toolCalls: calls };
  const parts = Array.isArray(content) ? content : content === undefined || content === null ? [] : [content];
  const texts: unknown[] = [];
  let tools = 0;
  for (const part of parts) {
    if (typeof part === 'string') {
      texts.push(part);
      continue;
    }
    const type = part !== null && typeof part === 'object' ? String((part as Record<string, unknown>).type ?? 'text') : '';
    if (type === 'text' || type === 'output_text' || type === 'refusal') texts.push(part);
    else if (type === 'tool_use' || type === 'tool_call' || type === 'function_call') tools++;
  }
  return { text: contentText(texts).text, toolCalls: calls + tools };
}

/**
 * The exchange of a call, undefined when it is skipped (counted in the
 * tally), null when its messages are not a conversation (the caller says
 * how, as a malformed record).
 */
export function toExchange(call: TraceCall, tally: ImportTally): ImportedExchange | undefined | null {
  const flattened = flattenMessages(call.messages, tally);
  if (flattened === null) return null;
  const { messages, toolTurns } = flattened;
  const unusable = conversationSkip(messages);
  if (unusable !== undefined) {
    skip(tally, unusable);
    return undefined;
  }
  if (call.reply.text.trim() === '') {
    skip(tally, call.reply.toolCalls > 0 ? 'answer is a tool call' : 'empty answer');
    return undefined;
  }
  const { reply, messages: _raw, ...rest } = call;
  const exchange: ImportedExchange = { ...rest, messages, answer: reply.text, toolTurns };
  for (const key of Object.keys(exchange) as Array<keyof ImportedExchange>) if (exchange[key] === undefined) delete exchange[key];
  return exchange;
}
