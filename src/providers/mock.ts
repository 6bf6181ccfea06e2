import type { Check, GenerateResult, Item, MockSettings } from '../types/index.js';
import { ProviderError } from '../errors.js';
import type { TokenCounter } from '../tokens/count-tokens.js';
import { hash32, uniform } from '../util/hash.js';
import { sleep } from '../util/sleep.js';
import type { GenerateRequest, Provider } from './types.js';

export interface MockOptions {
  seed: number;
  /** Chance that a model's luck on an item is the item's shared difficulty (models then fail the same items). */
  correlation: number;
  countTokens: TokenCounter;
}

const proseTemplates = [
  (answer: string) => `The answer is ${answer}.`,
  (answer: string) => `Based on the clause, the answer is ${answer}.`,
  (answer: string) => `${answer}`,
  (answer: string) => `After reviewing the provision: ${answer}.`,
];

/**
 * A deterministic stand-in for a model: for a seed, each (model, item, sample)
 * is answered right with the model's configured probability for the item's
 * tags, otherwise with a plausible wrong answer that the item's checks fail.
 */
export function createMockProvider(options: MockOptions): Provider {
  return {
    async generate(request: GenerateRequest): Promise<GenerateResult> {
      const { model, item, sample } = request;
      const settings = model.mock!;
      await injectFault(settings, options.seed, request);
      const prompt = request.messages.map((message) => message.content).join('\n');
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
async function injectFault(settings: MockSettings, seed: number, request: GenerateRequest): Promise<void> {
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

export function qualityFor(settings: MockSettings, tags: string[]): number {
  let quality: number | undefined;
  // The hardest tag decides: an item tagged both `easy` and `hard` is hard.
  for (const tag of tags) {
    const value = settings.quality.byTag[tag];
    if (value !== undefined) quality = quality === undefined ? value : Math.min(quality, value);
  }
  return quality ?? settings.quality.default;
}

function drawCorrect(settings: MockSettings, options: MockOptions, modelName: string, item: Item, sample: number): boolean {
  const quality = qualityFor(settings, item.tags);
  const shared = uniform(options.seed, 'difficulty', item.id, sample);
  const own = uniform(options.seed, 'luck', modelName, item.id, sample);
  const useShared = uniform(options.seed, 'mix', modelName, item.id, sample) < options.correlation;
  return (useShared ? shared : own) < quality;
}

function latencyOf(settings: MockSettings, seed: number, modelName: string, itemId: string, sample: number): number {
  if (settings.latencyMs === 0 && settings.latencyJitterMs === 0) return 0;
  const jitter = (uniform(seed, 'latency', modelName, itemId, sample) * 2 - 1) * settings.latencyJitterMs;
  return Math.max(0, settings.latencyMs + jitter);
}


export function referenceText(expected: unknown): string {
  if (expected === undefined || expected === null) return '';
  if (typeof expected === 'object') return JSON.stringify(expected);
  return String(expected);
}

function wrap(answer: string, checks: Check[], seed: number, modelName: string, itemId: string, sample: number): string {
  if (!checks.every((check) => check.acceptsProse)) return answer;
  const template = proseTemplates[hash32(seed, 'prose', modelName, itemId, sample) % proseTemplates.length]!;
  return template(answer);
}

function rightAnswer(item: Item, checks: Check[], seed: number, modelName: string, sample: number): string {
  return wrap(referenceText(item.expected), checks, seed, modelName, item.id, sample);
}

function wrongAnswer(item: Item, checks: Check[], seed: number, modelName: string, sample: number): string {
  const candidates = wrongCandidates(item, hash32(seed, 'wrong', modelName, item.id, sample));
  for (const candidate of candidates) {
    const output = wrap(candidate, checks, seed, modelName, item.id, sample);
    if (checks.some((check) => check.grade(output, item).status === 'fail')) return output;
  }
  return 'I am unable to answer.';
}

/** Plausible wrong answers, most plausible first, in an order that varies by item. */
function wrongCandidates(item: Item, draw: number): string[] {
  const reference = referenceText(item.expected);
  const candidates: string[] = [];
  const choices = item.fields.choices ?? item.fields.options;
  if (Array.isArray(choices)) {
    const others = choices.map(String).filter((choice) => choice.toLowerCase() !== reference.toLowerCase());
    candidates.push(...rotate(others, draw));
  }
  const yesNo: Record<string, string> = { yes: 'no', no: 'yes', true: 'false', false: 'true' };
  const flipped = yesNo[reference.trim().toLowerCase()];
  if (flipped) candidates.push(flipped);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(reference.trim());
  if (date) {
    const [, year, month, day] = date;
    const shifted = [`${Number(year) + 1}-${month}-${day}`, `${year}-${day}-${month}`, `${year}-${month}-${pad(((Number(day) + 13) % 28) + 1)}`];
    candidates.push(...rotate(shifted, draw).filter((text) => text !== reference));
  }
  const number = Number(reference.replace(/[$,\s]/g, ''));
  if (reference.trim() !== '' && Number.isFinite(number)) {
    const variants = [number * 10, number / 10, number + 1, Math.round(number * 1.5), number - 1];
    candidates.push(...rotate(variants.map((value) => String(Number(value.toPrecision(12)))), draw));
  }
  if (/^[A-Ha-h]$/.test(reference.trim())) {
    const letters = ['A', 'B', 'C', 'D'].filter((letter) => letter !== reference.trim().toUpperCase());
    candidates.push(...rotate(letters, draw));
  }
  candidates.push('The clause does not say.', 'not stated');
  return candidates;
}

function rotate<T>(list: T[], draw: number): T[] {
  if (list.length === 0) return list;
  const start = draw % list.length;
  return [...list.slice(start), ...list.slice(0, start)];
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
