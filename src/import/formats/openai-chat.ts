import { readFileSync } from 'node:fs';
import { contentText, endsWithoutUserTurn, flattenMessages, type Flattened } from '../flatten-messages.js';
import { ImportError, newTally, skip, type ImportedExchange, type ImportFormat, type ImportOptions, type ImportTally } from '../types.js';
import { jsonLines } from './tabular.js';
import { isRecord, isScalar, malformed } from './trace-records.js';

/**
 * OpenAI chat completions as they are logged, in the three shapes a team
 * has them: a gateway's or proxy's request/response pairs, the Batch API's
 * output file (whose requests are in the input file, joined by custom_id),
 * and a chat fine-tuning file (the last assistant turn is the answer). The
 * shape is decided per line, so a file that mixes them is read whole.
 */
export const openaiChatFormat: ImportFormat = {
  name: 'openai-chat',
  summary: 'OpenAI chat JSONL: gateway request/response pairs, Batch API output (with --batch-input FILE), or fine-tuning {messages}',
  detect(head) {
    const text = head.replace(/^\uFEFF/, '');
    const first = text.split('\n').find((line) => line.trim() !== '');
    if (first === undefined) return false;
    let record: unknown;
    try {
      record = JSON.parse(first);
    } catch {
      // A first line longer than the head is cut off: judge it by how it opens.
      return !text.includes('\n') && /^\s*\{\s*(?:"(?:request|messages|custom_id)"\s*:|"id"\s*:\s*"batch_req_)/.test(first);
    }
    // A batch input line is claimed too: reading it says to pass it as --batch-input.
    return isRecord(record) && (shapeOf(record) !== undefined || typeof record.custom_id === 'string');
  },
  read(text, options, tally) {
    const exchanges: ImportedExchange[] = [];
    let batchRequests: Map<string, Record<string, unknown>> | undefined;
    for (const { line, record } of jsonLines(text, options, tally)) {
      const shape = shapeOf(record);
      let outcome: Outcome;
      if (shape === 'pair') outcome = pairExchange(line, record, tally);
      else if (shape === 'batch') outcome = batchExchange(line, record, (batchRequests ??= readBatchInput(options, tally)), tally);
      else if (shape === 'fine-tuning') outcome = fineTuningExchange(line, record, tally);
      else if (typeof record.custom_id === 'string') outcome = { malformed: 'a Batch API input line, not an output line: import the output file, with this one as --batch-input' };
      else outcome = { malformed: 'not an OpenAI chat record: expected {request, response}, a Batch API output line {custom_id, response} or {messages}' };
      if ('malformed' in outcome) malformed(outcome.malformed, line, options, tally);
      else if ('skipped' in outcome) skip(tally, outcome.skipped);
      else exchanges.push(outcome);
    }
    return exchanges;
  },
};

/** One line's result: an exchange, a reason it was skipped, or why it is malformed. */
type Outcome = ImportedExchange | { skipped: string } | { malformed: string };

function shapeOf(record: Record<string, unknown>): 'pair' | 'batch' | 'fine-tuning' | undefined {
  if (isRecord(record.request) && 'response' in record) return 'pair';
  if (typeof record.custom_id === 'string' && ('response' in record || 'error' in record)) return 'batch';
  if (Array.isArray(record.messages)) return 'fine-tuning';
  return undefined;
}

/** A gateway's log line: what was sent, what came back, and what the gateway measured. */
function pairExchange(line: number, record: Record<string, unknown>, tally: ImportTally): Outcome {
  const request = record.request as Record<string, unknown>;
  const conversation = requestConversation(request, tally);
  if ('malformed' in conversation) return conversation;
  const response = isRecord(record.response) && (record.error === undefined || record.error === null) ? record.response : undefined;
  const answer = completionAnswer(response);
  if (typeof answer !== 'string') return answer;
  const exchange = chatExchange(line, conversation, answer, request, response!, record);
  if ('skipped' in exchange) return exchange;
  if (typeof response!.id === 'string') exchange.sourceId = response!.id;
  const costUsd = record.cost_usd ?? record.cost;
  const latencyMs = record.latency_ms ?? record.duration_ms;
  if (isCount(costUsd)) exchange.costUsd = costUsd;
  if (isCount(latencyMs)) exchange.latencyMs = latencyMs;
  return exchange;
}

/** A Batch API output line, joined to its request; a request the API failed has no answer to keep. */
function batchExchange(line: number, record: Record<string, unknown>, requests: Map<string, Record<string, unknown>>, tally: ImportTally): Outcome {
  const customId = record.custom_id as string;
  const response = record.response;
  const failed = (record.error !== undefined && record.error !== null) || !isRecord(response) || response.status_code !== 200;
  if (failed) return { skipped: 'batch request failed' };
  const request = requests.get(customId);
  if (request === undefined) return { skipped: 'no request in the batch input file' };
  const conversation = requestConversation(request, tally);
  if ('malformed' in conversation) return { malformed: `the batch input line of "${customId}": ${conversation.malformed}` };
  const completion = isRecord(response.body) ? response.body : undefined;
  const answer = completionAnswer(completion);
  if (typeof answer !== 'string') return answer;
  const exchange = chatExchange(line, conversation, answer, request, completion!, {});
  if ('skipped' in exchange) return exchange;
  exchange.sourceId = customId;
  return exchange;
}

/**
 * A fine-tuning example: the last assistant turn is what the model should
 * say, the turns before it what it was asked. Turns after it (rare) are
 * not part of the exchange.
 */
function fineTuningExchange(line: number, record: Record<string, unknown>, tally: ImportTally): Outcome {
  const turns = record.messages as unknown[];
  const last = turns.findLastIndex((turn) => isRecord(turn) && String(turn.role).toLowerCase() === 'assistant');
  if (last === -1) return { skipped: 'no assistant turn' };
  const conversation = flattenMessages(turns.slice(0, last), tally);
  if (conversation === null) return { malformed: 'messages is not a list of chat messages ({role, content})' };
  const answer = messageAnswer(turns[last] as Record<string, unknown>);
  if (typeof answer !== 'string') return answer;
  const exchange = chatExchange(line, conversation, answer, {}, {}, record);
  if ('skipped' in exchange) return exchange;
  if (typeof record.model === 'string') exchange.model = record.model;
  return exchange;
}

/** The request's messages as text turns, or why they cannot be. */
function requestConversation(request: Record<string, unknown>, tally: ImportTally): Flattened | { malformed: string } {
  return flattenMessages(request.messages, tally) ?? { malformed: 'request.messages is not a list of chat messages ({role, content}): not a chat completion request' };
}

/** The first choice's text; an error, no choices or an empty reply is no answer. */
function completionAnswer(completion: Record<string, unknown> | undefined): string | { skipped: string } {
  const noAnswer = { skipped: 'no answer in the response' };
  if (completion === undefined || (completion.error !== undefined && completion.error !== null)) return noAnswer;
  const choice = Array.isArray(completion.choices) ? completion.choices[0] : undefined;
  if (!isRecord(choice) || !isRecord(choice.message)) return noAnswer;
  const answer = messageAnswer(choice.message);
  return typeof answer === 'string' || answer.skipped !== 'empty answer' ? answer : noAnswer;
}

/**
 * An assistant message's text (a refusal's, when it refused). One that only
 * calls a tool has none: route-bench grades text answers, so it is skipped
 * and said so.
 */
function messageAnswer(message: Record<string, unknown>): string | { skipped: string } {
  const text = contentText(message.content ?? message.refusal).text;
  if (text.trim() !== '') return text;
  const calls = (Array.isArray(message.tool_calls) && message.tool_calls.length > 0) || isRecord(message.function_call);
  return { skipped: calls ? 'answer is a tool call' : 'empty answer' };
}

/**
 * The parts every shape shares: model (the response's, else the request's),
 * token counts (absent stays undefined), and flat metadata from the
 * request's `metadata`, the line's own `metadata`, and the request's `user`.
 */
function chatExchange(line: number, conversation: Flattened, answer: string, request: Record<string, unknown>, completion: Record<string, unknown>, record: Record<string, unknown>): ImportedExchange | { skipped: string } {
  if (conversation.messages.at(-1)?.role !== 'user') return { skipped: endsWithoutUserTurn };
  const exchange: ImportedExchange = { line, messages: conversation.messages, answer, metadata: {}, toolTurns: conversation.toolTurns };
  const model = completion.model ?? request.model;
  if (typeof model === 'string' && model !== '') exchange.model = model;
  const usage = isRecord(completion.usage) ? completion.usage : {};
  if (isCount(usage.prompt_tokens)) exchange.inputTokens = usage.prompt_tokens;
  if (isCount(usage.completion_tokens)) exchange.outputTokens = usage.completion_tokens;
  for (const source of [request.metadata, record.metadata]) {
    for (const [key, value] of Object.entries(isRecord(source) ? source : {})) if (isScalar(value)) exchange.metadata[key] = value;
  }
  const user = request.user ?? record.user;
  if (isScalar(user)) exchange.metadata.user = user;
  return exchange;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/**
 * The Batch API input file, by custom_id: read only when an output line
 * needs it. Its lines are scrubbed as they are parsed; its malformed lines
 * are reported with its own line numbers, and are not records read (the
 * output lines are).
 */
function readBatchInput(options: ImportOptions, tally: ImportTally): Map<string, Record<string, unknown>> {
  const file = options.batchInput;
  if (file === undefined) throw new ImportError('Batch API output lines need the input file: --batch-input FILE');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImportError(`cannot read the batch input file ${file}: ${code === 'ENOENT' ? 'file not found' : String(code)}`);
  }
  const inputTally = newTally();
  const requests = new Map<string, Record<string, unknown>>();
  try {
    for (const { line, record } of jsonLines(text, options, inputTally)) {
      if (typeof record.custom_id === 'string' && isRecord(record.body)) requests.set(record.custom_id, record.body);
      else malformed('a Batch API input line needs custom_id and body', line, options, inputTally);
    }
  } catch (error) {
    if (error instanceof ImportError) throw new ImportError(`batch input file ${file}, ${error.message}`);
    throw error;
  }
  tally.credentialsDropped += inputTally.credentialsDropped;
  for (const bad of inputTally.bad) tally.bad.push({ line: bad.line, message: `batch input file ${file}: ${bad.message}` });
  return requests;
}
