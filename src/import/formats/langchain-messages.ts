import { isRecord } from './trace-records.js';

/**
 * LangChain's messages, as LangSmith stores them in a run's inputs and
 * outputs, in the `{role, content, tool_calls}` shape `flattenMessages`
 * reads. They come three ways: serialized objects
 * (`{lc: 1, type: 'constructor', id: [..., 'HumanMessage'], kwargs}`), the
 * dicts of `messages_to_dict` (`{type: 'human', data: {content}}`) or
 * `{type: 'human', content}`, and plain `{role, content}` from a traced
 * OpenAI call.
 */

const classRoles: Record<string, string> = {
  HumanMessage: 'user', AIMessage: 'assistant', SystemMessage: 'system', ToolMessage: 'tool', FunctionMessage: 'tool',
};

/** A LangChain message as a chat message; anything it cannot place is returned as it is (and found malformed later). */
export function chatMessage(raw: unknown): unknown {
  if (!isRecord(raw)) return raw;
  if (raw.lc !== undefined && Array.isArray(raw.id) && isRecord(raw.kwargs)) {
    const className = String(raw.id.at(-1) ?? '').replace(/Chunk$/, '');
    return fromFields(classRoles[className] ?? (className === 'ChatMessage' ? raw.kwargs.role : className), raw.kwargs);
  }
  if (typeof raw.type === 'string' && raw.role === undefined) {
    const fields = isRecord(raw.data) && raw.content === undefined ? raw.data : raw;
    return fromFields(raw.type === 'chat' ? fields.role : raw.type, fields);
  }
  return fromFields(raw.role, raw);
}

/**
 * LangChain keeps an AI message's tool calls as `{name, args, id}` (and the
 * provider's own in `additional_kwargs`); they become the OpenAI shape. When
 * the content already holds them as `tool_use` parts (Anthropic), they are
 * not added a second time.
 */
function fromFields(role: unknown, fields: Record<string, unknown>): Record<string, unknown> {
  const message: Record<string, unknown> = { role, content: fields.content };
  if (typeof fields.name === 'string') message.name = fields.name;
  const inContent = Array.isArray(fields.content) && fields.content.some((part) => isRecord(part) && part.type === 'tool_use');
  const extra = isRecord(fields.additional_kwargs) ? fields.additional_kwargs : {};
  const calls = nonEmpty(fields.tool_calls) ?? nonEmpty(extra.tool_calls);
  if (calls !== undefined && !inContent) message.tool_calls = calls.map(openAiToolCall);
  if (calls === undefined && isRecord(extra.function_call)) message.function_call = extra.function_call;
  return message;
}

function nonEmpty(value: unknown): unknown[] | undefined {
  return Array.isArray(value) && value.length > 0 ? value : undefined;
}

function openAiToolCall(call: unknown): unknown {
  if (!isRecord(call) || isRecord(call.function)) return call;
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.args ?? call.arguments ?? {} } };
}
