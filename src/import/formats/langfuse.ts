import { skip, type ImportedExchange, type ImportFormat, type ImportOptions, type ImportTally } from '../types.js';
import { replyOf, toExchange, type Reply } from './trace-exchange.js';
import { costOf, flatScalars, isRecord, malformed, millisBetween, numberOf, readRecordExchanges, tokenCount, usagePair } from './trace-records.js';

/**
 * Langfuse observations: a JSON array or JSONL of them, or a page of the
 * public API's observations list (`{data: [...], meta}`). Each generation is
 * a model call. Field names are the API's camelCase; the snake_case of the
 * Python SDK's model dumps (`trace_id`, `usage_details`) is read too.
 */
export const langfuseFormat: ImportFormat = {
  name: 'langfuse',
  summary: 'Langfuse generations: an observations export or API page (JSON array, JSONL, or {data: [...]})',
  detect(head) {
    if (head.includes('"run_type"') || head.includes('"resourceSpans"')) return false;
    const hasTrace = /"trace(?:Id|_id)"\s*:/.test(head);
    const observation = /"type"\s*:\s*"GENERATION"/.test(head)
      || /"(?:calculatedTotalCost|calculated_total_cost|usageDetails|usage_details|costDetails|cost_details|parentObservationId|parent_observation_id|completionStartTime|completion_start_time)"\s*:/.test(head);
    return hasTrace && observation;
  },
  read(text, options, tally) {
    return readRecordExchanges(text, options, tally, 'data', (record, line) => generationExchange(record, line, options, tally));
  },
};

function generationExchange(record: Record<string, unknown>, line: number, options: ImportOptions, tally: ImportTally): ImportedExchange | undefined {
  const field = (name: string): unknown => record[name] ?? record[name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)];
  const type = field('type');
  // An export of generations only may leave the type out.
  if (type !== undefined && type !== null && String(type).toUpperCase() !== 'GENERATION') {
    skip(tally, 'not a generation');
    return undefined;
  }
  if (String(field('level') ?? '').toUpperCase() === 'ERROR') {
    skip(tally, 'error');
    return undefined;
  }
  const input = field('input');
  const output = field('output');
  if (input === undefined || input === null || output === undefined || output === null) {
    skip(tally, input === undefined || input === null ? 'no input captured' : 'no output');
    return undefined;
  }
  const messages = conversation(input);
  if (messages === null) {
    malformed('input is not a list of chat messages, {messages: [...]} or a prompt', line, options, tally);
    return undefined;
  }
  const reply = replyIn(output);
  if (reply === null) {
    malformed('output is not text or a message', line, options, tally);
    return undefined;
  }
  const usage = isRecord(field('usage')) ? (field('usage') as Record<string, unknown>) : {};
  const details = isRecord(field('usageDetails')) ? (field('usageDetails') as Record<string, unknown>) : {};
  // `usage` may count characters (`unit: CHARACTERS`): those are not tokens.
  const tokens = usage.unit === undefined || usage.unit === null || String(usage.unit).toUpperCase() === 'TOKENS' ? usage : {};
  const costDetails = isRecord(field('costDetails')) ? (field('costDetails') as Record<string, unknown>) : {};
  const latencySeconds = numberOf(field('latency'));
  const exchange = toExchange({
    line,
    sourceId: typeof record.id === 'string' ? record.id : undefined,
    messages,
    reply,
    model: typeof field('model') === 'string' && field('model') !== '' ? (field('model') as string) : undefined,
    ...usagePair(
      tokenCount(details.input, tokens.input, field('promptTokens')),
      tokenCount(details.output, tokens.output, field('completionTokens')),
    ),
    costUsd: costOf(field('calculatedTotalCost'), costDetails.total, field('totalCost')),
    // Seconds in the API; rounded to the microsecond so that 1.85 s is 1850 ms, not 1849.9999999999998.
    latencyMs: latencySeconds !== undefined && latencySeconds >= 0 ? Math.round(latencySeconds * 1e6) / 1e3 : millisBetween(field('startTime'), field('endTime')),
    metadata: flatScalars(field('metadata')),
  }, tally);
  if (exchange === null) malformed('input is not a list of chat messages', line, options, tally);
  return exchange ?? undefined;
}

/**
 * The conversation in a generation's input: a list of chat messages (the
 * OpenAI and LangChain integrations), `{messages}` with an optional
 * Anthropic-style `system`, or a prompt string. Null for anything else.
 */
function conversation(input: unknown): unknown[] | null {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (Array.isArray(input)) return input;
  if (!isRecord(input)) return null;
  if (Array.isArray(input.messages)) {
    const system = typeof input.system === 'string' && input.system !== '' ? [{ role: 'system', content: input.system }] : [];
    return [...system, ...input.messages];
  }
  if (typeof input.prompt === 'string') return [{ role: 'user', content: input.prompt }];
  return null;
}

/**
 * The reply in a generation's output: text, an assistant message
 * (`{role, content, tool_calls}` or `{content}`), a list of content parts, or
 * a list of messages (the first is the answer). Null for anything else.
 */
function replyIn(output: unknown): Reply | null {
  if (typeof output === 'string') return replyOf(output);
  if (Array.isArray(output)) {
    const first = output[0];
    return isRecord(first) && 'role' in first ? replyIn(first) : replyOf(output);
  }
  if (!isRecord(output)) return null;
  if ('content' in output || 'tool_calls' in output) return replyOf(output.content, output.tool_calls);
  if (typeof output.text === 'string') return replyOf(output.text);
  if (typeof output.completion === 'string') return replyOf(output.completion);
  return null;
}
