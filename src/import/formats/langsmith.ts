import { skip, type ImportedExchange, type ImportFormat, type ImportOptions, type ImportTally } from '../types.js';
import { chatMessage } from './langchain-messages.js';
import { replyOf, toExchange, type Reply } from './trace-exchange.js';
import { costOf, firstText, flatScalars, isRecord, malformed, millisBetween, readRecordExchanges, tokenCount, usagePair } from './trace-records.js';

/**
 * LangSmith runs: JSONL (as `list_runs` is usually dumped), a JSON array, or
 * a page of the runs query API (`{runs: [...]}`). Each `llm` run is a model
 * call; chains, tools, retrievers and the rest are the application around it.
 */
export const langsmithFormat: ImportFormat = {
  name: 'langsmith',
  summary: 'LangSmith runs (JSONL or a JSON array of runs; the llm runs are read)',
  detect(head) {
    return /"run_type"\s*:/.test(head);
  },
  read(text, options, tally) {
    return readRecordExchanges(text, options, tally, 'runs', (record, line) => runExchange(record, line, options, tally));
  },
};

type Fields = Record<string, unknown>;

function runExchange(run: Fields, line: number, options: ImportOptions, tally: ImportTally): ImportedExchange | undefined {
  if (typeof run.run_type !== 'string') {
    malformed('no run_type', line, options, tally);
    return undefined;
  }
  if (run.run_type !== 'llm') {
    skip(tally, 'not an llm run');
    return undefined;
  }
  if (run.error !== undefined && run.error !== null && run.error !== '') {
    skip(tally, 'error');
    return undefined;
  }
  const messages = isRecord(run.inputs) ? inputMessages(run.inputs) : null;
  if (messages === null) {
    malformed('inputs hold no messages, prompts or prompt', line, options, tally);
    return undefined;
  }
  if (run.outputs === undefined || run.outputs === null) {
    skip(tally, 'no output');
    return undefined;
  }
  const outputs = isRecord(run.outputs) ? run.outputs : {};
  const generation = firstGeneration(outputs);
  const reply = outputReply(outputs, generation);
  if (reply === null) {
    malformed('outputs hold no generations, choices or output', line, options, tally);
    return undefined;
  }
  const extra = record(run.extra);
  const invocation = record(extra.invocation_params);
  const llmOutput = record(outputs.llm_output);
  const tokenUsage = record(llmOutput.token_usage);
  const usageMetadata = record(generation.message.usage_metadata ?? outputs.usage_metadata);
  const rawUsage = record(outputs.usage);
  const response = record(generation.message.response_metadata);
  const metadata = flatScalars(extra.metadata);
  const tags = Array.isArray(run.tags) ? run.tags.filter((tag): tag is string => typeof tag === 'string' && tag !== '') : [];
  if (tags.length > 0) metadata.tags = tags.join(',');
  const exchange = toExchange({
    line,
    sourceId: typeof run.id === 'string' ? run.id : undefined,
    messages,
    reply,
    // The model that answered (the response's) before the one asked for.
    model: firstText(llmOutput.model_name, llmOutput.model, response.model_name, response.model, outputs.model,
      invocation.model, invocation.model_name, record(extra.metadata).ls_model_name),
    ...usagePair(
      tokenCount(run.prompt_tokens, tokenUsage.prompt_tokens, usageMetadata.input_tokens, rawUsage.prompt_tokens, rawUsage.input_tokens),
      tokenCount(run.completion_tokens, tokenUsage.completion_tokens, usageMetadata.output_tokens, rawUsage.completion_tokens, rawUsage.output_tokens),
    ),
    costUsd: costOf(run.total_cost),
    latencyMs: millisBetween(run.start_time, run.end_time),
    metadata,
  }, tally);
  if (exchange === null) malformed('inputs.messages is not a list of chat messages', line, options, tally);
  return exchange ?? undefined;
}

function record(value: unknown): Fields {
  return isRecord(value) ? value : {};
}

/**
 * The conversation in a run's inputs: LangChain's chat models log
 * `{messages: [[...]]}` (a batch of conversations; the first is this call's),
 * a traced client `{messages: [...]}`, completion models `{prompts: [...]}`
 * and some wrappers `{prompt}`. Null when none is there.
 */
function inputMessages(inputs: Fields): unknown[] | null {
  const { messages } = inputs;
  if (Array.isArray(messages)) {
    const conversation = Array.isArray(messages[0]) ? (messages[0] as unknown[]) : messages;
    return conversation.map(chatMessage);
  }
  const prompt = Array.isArray(inputs.prompts) ? inputs.prompts[0] : inputs.prompt;
  return typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : null;
}

/** The first generation of the first prompt, with its message (if any) in chat shape. */
function firstGeneration(outputs: Fields): { text?: unknown; message: Fields; hasMessage: boolean } {
  const generations = outputs.generations;
  const first = Array.isArray(generations) ? (Array.isArray(generations[0]) ? generations[0][0] : generations[0]) : undefined;
  if (!isRecord(first)) return { message: {}, hasMessage: false };
  const message = isRecord(first.message) ? record(chatMessage(first.message)) : {};
  // usage_metadata and response_metadata sit in the serialized message's kwargs, beside its content.
  const kwargs = isRecord(first.message) && isRecord(first.message.kwargs) ? first.message.kwargs : record(first.message);
  return {
    text: first.text,
    message: { ...message, usage_metadata: kwargs.usage_metadata, response_metadata: kwargs.response_metadata },
    hasMessage: isRecord(first.message),
  };
}

/** The reply in a run's outputs: a generation's message or text, an OpenAI choice, or `{output}` / `{content}`. Null when none. */
function outputReply(outputs: Fields, generation: ReturnType<typeof firstGeneration>): Reply | null {
  if (generation.hasMessage) {
    const { content, tool_calls: toolCalls } = generation.message;
    const text = typeof generation.text === 'string' && (content === undefined || content === '') && !Array.isArray(toolCalls) ? generation.text : content;
    return replyOf(text, toolCalls);
  }
  if (generation.text !== undefined) return replyOf(generation.text);
  const choice = Array.isArray(outputs.choices) ? outputs.choices[0] : undefined;
  if (isRecord(choice)) {
    if (isRecord(choice.message)) return replyOf(choice.message.content, choice.message.tool_calls);
    if (typeof choice.text === 'string') return replyOf(choice.text);
  }
  const output = outputs.output ?? (('content' in outputs || 'tool_calls' in outputs) ? outputs : undefined);
  if (typeof output === 'string') return replyOf(output);
  if (isRecord(output)) {
    const message = record(chatMessage(output));
    return replyOf(message.content, message.tool_calls);
  }
  return null;
}
