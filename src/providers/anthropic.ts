import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { isRecord, postJson, type HttpProviderOptions } from './http.js';
import type { FinishReason, GenerateResult, Message, ModelSpec } from '../types/index.js';
import type { GenerateRequest, Provider } from './types.js';

/** The API rejects a request without max_tokens; this is the budget when the suite sets none. */
export const defaultAnthropicMaxTokens = 1024;

/** Anthropic Messages API: the system prompt is a top-level field, not a message. */
export function createAnthropicProvider(options: HttpProviderOptions): Provider {
  return {
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const { model } = request;
      const apiKey = options.getApiKey(model) || undefined;
      return postJson({
        provider: 'anthropic',
        model,
        path: '/messages',
        apiKey,
        headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' },
        body: anthropicRequestBody(model, request.messages),
        signal: request.signal,
        fetch: options.fetch,
        describeError: describeAnthropicError,
        parseSuccess: parseAnthropicMessage,
      });
    },
  };
}

/**
 * The core Messages body (the suite's `extra_body` is merged over it by the caller).
 * Exported so a batch request's `params` ask exactly what a live call asks.
 */
export function anthropicRequestBody(model: ModelSpec, messages: Message[]): Record<string, unknown> {
  const { settings } = model;
  return {
    model: model.model,
    max_tokens: settings.maxOutputTokens ?? defaultAnthropicMaxTokens,
    system: systemPrompt(messages),
    messages: messages
      .filter((message) => message.role !== 'system')
      .map((message) => ({ role: message.role, content: message.content })),
    temperature: settings.temperature,
    stop_sequences: settings.stop?.length ? settings.stop : undefined,
  };
}

function systemPrompt(messages: Message[]): string | undefined {
  const parts = messages.filter((message) => message.role === 'system').map((message) => message.content);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/** A Messages success body read into a result; undefined when it is not that shape. Shared with batch results. */
export function parseAnthropicMessage(body: unknown): GenerateResult | undefined {
  if (!isRecord(body) || !Array.isArray(body.content)) return undefined;
  const texts: string[] = [];
  for (const block of body.content) {
    // Thinking and tool-use blocks are not the answer.
    if (isRecord(block) && block.type === 'text' && typeof block.text === 'string') texts.push(block.text);
  }
  const raw = typeof body.stop_reason === 'string' ? body.stop_reason : undefined;
  return {
    output: texts.join(''),
    usage: convertAnthropicUsage(body.usage),
    finishReason: { unified: unifiedFinishReason(raw), raw },
    rawUsage: body.usage ?? undefined,
  };
}

function unifiedFinishReason(raw: string | undefined): FinishReason {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    // The prompt plus the answer filled the context window: cut short, like max_tokens.
    case 'model_context_window_exceeded':
      return 'length';
    case 'refusal':
      return 'content-filter';
    default:
      // tool_use, pause_turn: the turn is not a finished text answer.
      return 'other';
  }
}

/** `{type: 'error', error: {type, message}}`, e.g. `overloaded_error: Overloaded`. */
export function describeAnthropicError(body: unknown): string | undefined {
  if (!isRecord(body) || !isRecord(body.error) || typeof body.error.message !== 'string') return undefined;
  const { type, message } = body.error;
  return typeof type === 'string' ? `${type}: ${message}` : message;
}
