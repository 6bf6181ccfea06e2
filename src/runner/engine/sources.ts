import { createAnthropicProvider } from '../../providers/anthropic.js';
import { httpIdentity } from '../../providers/http.js';
import { createOpenAiProvider } from '../../providers/openai.js';
import type { Provider } from '../../providers/types.js';
import { createMockModel } from '../../mock/mock-model.js';
import { costUsd } from '../../pricing/cost.js';
import type { TokenCounter } from '../../tokens/count-tokens.js';
import type { ModelSpec } from '../../types/index.js';
import { keyIn } from '../../util/secrets.js';
import type { Answer, AnswerSource, Attempter, PreparedRequest } from './types.js';
import { batchDiscount, type BatchQueue } from './batch-queue.js';

/** A source that answers by attempts through the calls: retried, cached, budgeted, every attempt recorded. */
export function attemptingSource(attempter: Attempter): AnswerSource {
  return {
    identity: attempter.identity ? (request) => attempter.identity!(request) : undefined,
    answer: (request, calls) => calls.withRetries(request, attempter),
  };
}

/** An HTTP adapter as an attempter: it gets the model, the messages and the signal, nothing of the item. */
export function providerAttempter(provider: Provider): Attempter {
  return {
    attempt: ({ model, messages, signal }) => provider.generate({ model, messages, signal }),
    identity: ({ model }) => httpIdentity(model),
    paid: true,
  };
}

/**
 * Answers recorded earlier (`provider: replay`): no call is made and nothing
 * is paid. Token counts the recording lacks are counted with the tokenizer;
 * its cost is the recorded `cost_usd`, else the tokens at the model's price.
 */
export function recordedSource(countTokens: TokenCounter): AnswerSource {
  return { answer: async (request) => recordedAnswer(request, countTokens) };
}

function recordedAnswer(request: PreparedRequest, countTokens: TokenCounter): Answer {
  const { model, item } = request;
  const record = model.replay!.records.get(item.id);
  if (!record) {
    return { modelName: model.name, outcome: 'missing', output: '', error: `no recorded output of model "${model.name}" for item "${item.id}"`,
      costUsd: 0, spentUsd: 0, latencyMs: Number.NaN, cached: false };
  }
  const prompt = request.messages.map((message) => message.content).join('\n');
  const usage = { inputTokens: record.inputTokens ?? countTokens(prompt), outputTokens: record.outputTokens ?? countTokens(record.output) };
  return { modelName: model.name, outcome: 'ok', output: record.output, costUsd: record.costUsd ?? costUsd(model.price, usage), spentUsd: 0,
    latencyMs: record.latencyMs ?? Number.NaN, cached: false, recordedScore: record.score };
}

export interface SourceContext {
  seed: number;
  correlation: number;
  countTokens: TokenCounter;
  /** `run --batch`: OpenAI and Anthropic models answer through their batch APIs; `fallback: live` asks a failed line's retry live. */
  batch?: { queue: BatchQueue; fallback: 'batch' | 'live' };
}

/** The key is read from the environment at call time and held nowhere else. */
function apiKeyFromEnvironment(model: ModelSpec): string | undefined {
  const variable = model.http?.apiKeyEnv;
  return variable === undefined ? undefined : keyIn(variable);
}

/** Every answer source by the `provider:` name a suite writes. */
export function createAnswerSources(context: SourceContext): Record<string, AnswerSource> {
  const mock = createMockModel(context);
  return {
    mock: attemptingSource({ attempt: (request) => mock.attempt(request), identity: (request) => mock.identity(request) }),
    replay: recordedSource(context.countTokens),
    openai: attemptingSource(batchedOr(context.batch, 'openai', providerAttempter(createOpenAiProvider({ getApiKey: apiKeyFromEnvironment })))),
    anthropic: attemptingSource(batchedOr(context.batch, 'anthropic', providerAttempter(createAnthropicProvider({ getApiKey: apiKeyFromEnvironment })))),
  };
}

/** The batch queue's attempter where the run is batched; a retry live instead with `--batch-fallback live`. */
function batchedOr(batch: SourceContext['batch'], provider: string, live: Attempter): Attempter {
  if (!batch || !batch.queue.supports(provider)) return live;
  const queued = batch.queue.attempter();
  if (batch.fallback === 'batch') return queued;
  return { ...queued, batched: 'first', attempt: (request) => (request.attempt > 1 ? live.attempt(request) : queued.attempt(request)),
    // The model's price is the batch price (batch-run.ts): a live retry pays the whole.
    priceScale: (attempt) => (attempt > 1 ? 1 / batchDiscount : 1) };
}
