import type { Check, GenerateResult, Item, Message, MockSettings, ModelSpec } from '../types/index.js';
import { ProviderError } from '../errors.js';
import type { TokenCounter } from '../tokens/count-tokens.js';
import { hash32, uniform } from '../util/hash.js';
import { sleep } from '../util/sleep.js';
import { drawCorrect, rightAnswer, wrongAnswer } from './mock-answers.js';

export interface MockOptions {
  seed: number;
  /** Chance that a model's luck on an item is the item's shared difficulty (models then fail the same items). */
  correlation: number;
  countTokens: TokenCounter;
}

/**
 * One attempt at a mock answer. Unlike a provider adapter, which gets the
 * prompt and settings only, the mock is given the item and its checks: it
 * plays a model of a set quality, right or wrong on purpose.
 */
export interface MockAttempt {
  model: ModelSpec;
  messages: Message[];
  item: Item;
  /** Which of the repeated samples of this item (0-based), and which attempt at it (1-based). */
  sample: number;
  attempt: number;
  checks: Check[];
  signal?: AbortSignal;
}

export interface MockModel {
  attempt(request: MockAttempt): Promise<GenerateResult>;
  /** What shapes its answers beyond the model's settings and the messages, for the cache key. */
  identity(request: Pick<MockAttempt, 'model' | 'item' | 'checks'>): unknown;
}

/**
 * A deterministic stand-in for a model: for a seed, each (model, item, sample)
 * is answered right with the model's configured probability for the item's
 * tags, otherwise with a plausible wrong answer that the item's checks fail.
 */
export function createMockModel(options: MockOptions): MockModel {
  return {
    async attempt(request: MockAttempt): Promise<GenerateResult> {
      const { model, item, sample } = request;
      const settings = model.mock!;
      const faults = settings.faults;
      // Most mocks inject no faults: no draw, and no await, for them.
      if (faults.rateLimit + faults.serverError + faults.timeout + faults.malformed > 0) await injectFault(settings, options.seed, request);
      const prompt = request.messages.length === 1 ? request.messages[0]!.content : request.messages.map((message) => message.content).join('\n');
      let output: string;
      if (settings.replies) {
        // Scripted: a judge or a format test; drawn per prompt so each answer judged gets its own draw.
        output = settings.replies[hash32(options.seed, 'reply', model.name, item.id, sample, prompt) % settings.replies.length]!;
      } else {
        const correct = drawCorrect(settings, options, model.name, item, sample);
        output = correct
          ? rightAnswer(item, request.checks, options.seed, model.name, sample)
          : wrongAnswer(item, request.checks, options.seed, model.name, sample);
      }
      const delayMs = latencyOf(settings, options.seed, model.name, item.id, sample);
      if (delayMs > 0) await sleep(delayMs, request.signal);
      return {
        output,
        usage: { inputTokens: options.countTokens(prompt), outputTokens: options.countTokens(output) },
        finishReason: { unified: 'stop', raw: 'stop' },
      };
    },
    // The mock's answer is drawn from the model's name and quality and from the item, not from the prompt alone:
    // without them two mock models with one `model:` id, or a suite whose quality was changed, share stale answers.
    identity: ({ model, item, checks }) => ({
      seed: options.seed,
      correlation: options.correlation,
      name: model.name,
      quality: model.mock?.quality,
      item: item.id,
      expected: item.expected,
      choices: item.fields.choices ?? item.fields.options,
      checks: checkShapeOf(checks),
    }),
  };
}

/**
 * Fails an attempt as a real API would, at the configured shares, drawn
 * from (seed, model, item, sample, attempt): a retry may succeed.
 */
async function injectFault(settings: MockSettings, seed: number, request: MockAttempt): Promise<void> {
  const { faults } = settings;
  const url = `mock://${request.model.model}`;
  let draw = uniform(seed, 'fault', request.model.name, request.item.id, request.sample, request.attempt);
  if ((draw -= faults.rateLimit) < 0) {
    throw new ProviderError({ message: '429 rate limited (mock)', status: 429, isRetryable: true,
      retryAfterMs: faults.retryAfterMs, url });
  }
  if ((draw -= faults.serverError) < 0) {
    throw new ProviderError({ message: '500 internal server error (mock)', status: 500, isRetryable: true, url });
  }
  if ((draw -= faults.timeout) < 0) {
    await sleep(request.model.limits.timeoutMs, request.signal);
    throw new ProviderError({ message: `timed out after ${request.model.limits.timeoutMs} ms (mock)`, isRetryable: true, url, kind: 'timeout' });
  }
  if ((draw -= faults.malformed) < 0) {
    throw new ProviderError({ message: 'malformed response body (mock)', status: 200, isRetryable: true, url, body: '{"choices": [', kind: 'malformed' });
  }
}

const checkShapes = new WeakMap<Check[], string>();

/** What of the checks shapes a mock answer (prose or bare, what fails), once per list of checks. */
function checkShapeOf(checks: Check[]): string {
  let shape = checkShapes.get(checks);
  if (shape === undefined) {
    shape = checks.map((check) => `${check.type}:${check.acceptsProse}`).join(',');
    checkShapes.set(checks, shape);
  }
  return shape;
}

function latencyOf(settings: MockSettings, seed: number, modelName: string, itemId: string, sample: number): number {
  if (settings.latencyMs === 0 && settings.latencyJitterMs === 0) return 0;
  const jitter = (uniform(seed, 'latency', modelName, itemId, sample) * 2 - 1) * settings.latencyJitterMs;
  return Math.max(0, settings.latencyMs + jitter);
}
