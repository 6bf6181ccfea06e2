import type { CallRecord, Check, GenerateResult, Item, Message, ModelAnswer, ModelSpec } from '../../types/index.js';

/**
 * One model's answer to one item, however it was obtained. `outcome`: `ok`
 * an answer; `failed` no answer (every attempt failed, or a refusal);
 * `missing` a recording has none. `costUsd` is what the answer cost when it
 * was made; `spentUsd` what this request paid (0 from the cache, a
 * recording or another configuration).
 */
export type Answer = ModelAnswer;

export interface AnswerRequest {
  model: ModelSpec;
  item: Item;
  prompt: string;
  /** A chat item's conversation, sent as it is (`prompt` is it written out); absent: `prompt` is the one user turn. */
  conversation?: readonly Message[];
  /** Token count of the prompt, for budgets and rate limits. */
  promptTokens: number;
  sample: number;
  /** The checks that will grade the answer: only the mock, which plays a model of a set quality, looks at them. */
  checks: Check[];
  /** Answers already asked for this item in this run, shared by its configurations. */
  memo: Map<string, Promise<Answer>>;
  purpose?: CallRecord['purpose'];
}

/** A request with its messages built and its cache key: what every answer source is handed. */
export interface PreparedRequest extends AnswerRequest {
  messages: Message[];
  key: string;
}

export interface AttemptRequest extends PreparedRequest {
  /** 1 for the first attempt at this answer, 2 for the first retry, ... */
  attempt: number;
  signal?: AbortSignal;
}

/** One attempt at one answer, by whatever makes it: a provider adapter over HTTP, or the mock. */
export interface Attempter {
  attempt(request: AttemptRequest): Promise<GenerateResult>;
  /** What makes its answers differ beyond model, settings and messages: part of the cache key. */
  identity?(request: AnswerRequest): unknown;
  /** An answer costs real money: its call is committed the moment it arrives, so no kill can make a resume pay again. */
  paid?: boolean;
  /** Answered by a provider's batch API: the attempt waits for its batch, holding no slot of the calls in flight and no rate limit. */
  /** `first`: only the first attempt is batched, retries are live (`--batch-fallback live`). */
  batched?: boolean | 'first';
  /** What an attempt pays against the model's price (a batched model's live retry: 2, its price being the batch's half). */
  priceScale?(attempt: number): number;
}

/** The calls an attempting source makes through: retries, cache, limits, budget, accounting. */
export interface Calls {
  withRetries(request: PreparedRequest, attempter: Attempter): Promise<Answer>;
}

/** Where a `provider:` of the suite gets its answers: by attempts through the calls, or from a recording. */
export interface AnswerSource {
  identity?(request: AnswerRequest): unknown;
  answer(request: PreparedRequest, calls: Calls): Promise<Answer>;
}

/** What the calls so far have done, for progress lines. */
export interface EngineStats {
  attempts: number;
  failedAttempts: number;
  /** Answers waiting out a back-off or a server's retry-after right now. */
  retriesWaiting: number;
  /** What this process paid providers. */
  spentUsd: number;
}
