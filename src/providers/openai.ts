import { convertOpenAiUsage, openAiReportedCostUsd } from './convert-openai-usage.js';
import { clip, isRecord, postJson, type HttpProviderOptions } from './http.js';
import type { FinishReason, GenerateResult, Message, ModelSpec } from '../types/index.js';
import type { GenerateRequest, Provider } from './types.js';

/**
 * OpenAI Chat Completions, and the many servers that speak it (vLLM, Ollama,
 * llama.cpp, gateways). System messages stay in `messages`, where it wants them.
 */
export function createOpenAiProvider(options: HttpProviderOptions): Provider {
  return {
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const { model } = request;
      const apiKey = options.getApiKey(model) || undefined;
      return postJson({
        provider: 'openai',
        model,
        path: '/chat/completions',
        apiKey,
        headers: { authorization: apiKey === undefined ? undefined : `Bearer ${apiKey}` },
        body: openAiRequestBody(model, request.messages),
        signal: request.signal,
        fetch: options.fetch,
        describeError: describeOpenAiError,
        parseSuccess: parseChatCompletion,
      });
    },
  };
}

/**
 * The core Chat Completions body (the suite's `extra_body` is merged over it by the caller).
 * Exported so a batch line asks exactly what a live call asks.
 */
export function openAiRequestBody(model: ModelSpec, messages: Message[]): Record<string, unknown> {
  const { settings } = model;
  return {
    model: model.model,
    messages,
    temperature: settings.temperature,
    // Not max_completion_tokens: older OpenAI-compatible servers know only max_tokens.
    max_tokens: settings.maxOutputTokens,
    stop: settings.stop?.length ? settings.stop : undefined,
  };
}

/** A model id is short; a server's longer `model` is cut, so a hostile one cannot fill every row it is stored in. */
const maxModelIdChars = 200;

/** A Chat Completions success body read into a result; undefined when it is not that shape. Shared with batch output lines. */
export function parseChatCompletion(body: unknown): GenerateResult | undefined {
  if (!isRecord(body) || !Array.isArray(body.choices)) return undefined;
  const choice: unknown = body.choices[0];
  if (!isRecord(choice) || !isRecord(choice.message)) return undefined;
  const { content } = choice.message;
  if (content !== null && content !== undefined && typeof content !== 'string') return undefined;
  const raw = typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined;
  return {
    output: content ?? '',
    usage: convertOpenAiUsage(body.usage),
    finishReason: { unified: unifiedFinishReason(raw), raw },
    rawUsage: body.usage ?? undefined,
    // A router behind the endpoint (openrouter/auto, a gateway) says here which model it chose.
    servedModel: typeof body.model === 'string' && body.model !== '' ? clip(body.model, maxModelIdChars) : undefined,
    reportedCostUsd: openAiReportedCostUsd(body.usage),
  };
}

function unifiedFinishReason(raw: string | undefined): FinishReason {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    default:
      // tool_calls and function_call too: this benchmark asks for text, so a tool call is no answer.
      return 'other';
  }
}

/** `{error: {message, code}}` from OpenAI; a bare `{error: "..."}` or `{message}` from some compatible servers. */
export function describeOpenAiError(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const { error } = body;
  if (typeof error === 'string') return error;
  if (isRecord(error) && typeof error.message === 'string') {
    return typeof error.code === 'string' ? `${error.message} (${error.code})` : error.message;
  }
  return typeof body.message === 'string' ? body.message : undefined;
}
