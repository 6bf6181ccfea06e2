import type { RunSettings } from './run-settings.js';

/** Rows as the store writes and reads them; names follow the tables' columns. */

/**
 * Where an answer's cost came from when not from its configured price: `reported`, the provider's own
 * figure (OpenRouter's `usage.cost`); `served-price`, the tokens at the price of the model the server
 * says answered (a router behind the endpoint chose another). Null: the configured price.
 */
export type CostBasis = 'reported' | 'served-price';

export type RunStatus = 'running' | 'complete' | 'interrupted' | 'failed' | 'budget_exhausted';

export interface RunRecord {
  id: number;
  kind: 'run' | 'simulated' | 'merged';
  suiteName: string;
  suiteVersion: number;
  suiteHash: string;
  suitePath: string | null;
  toolVersion: string;
  seed: number;
  repeat: number;
  baseline: string;
  frontier: string;
  marginPp: number;
  status: RunStatus;
  itemCount: number;
  options: RunSettings;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  parentRunId: number | null;
  /** The process that last ran it. */
  pid: number | null;
}

export interface CallRecord {
  runId: number;
  itemId: string;
  modelName: string;
  sample: number;
  purpose: 'answer' | 'judge' | 'verify';
  cacheKey: string;
  attempt: number;
  status: 'ok' | 'error';
  httpStatus: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  reasoningTokens: number | null;
  usageEstimated: boolean;
  costUsd: number;
  latencyMs: number;
  output: string | null;
  error: string | null;
  finishReason: string | null;
  rawUsageJson: string | null;
  startedAt: string;
  /** Usage the request could not have produced (more output than max_tokens, ...), or null. */
  usageNote: string | null;
  /** The model the server says answered (the `model` of an OpenAI-compatible body); null when it names none. */
  servedModel?: string | null;
  costBasis?: CostBasis | null;
}

export interface ResultRecord {
  runId: number;
  configuration: string;
  itemId: string;
  sample: number;
  /** The model whose answer was graded. */
  model: string | null;
  /** Every model that answered, in order (a cascade tries several). */
  models: string[];
  routeReason: string | null;
  output: string | null;
  /** `error`: could not grade; `skipped`: no recorded answer to grade (a replay gap). */
  status: 'pass' | 'fail' | 'error' | 'skipped';
  /**
   * Why there is no answer when the model gave none (`HTTP 400`, `timeout`, ...): the result is a
   * fail, as a user of the configuration would get nothing. Null when there is an answer.
   */
  unanswered: string | null;
  score: number | null;
  reason: string | null;
  /** What the answers cost when they were made, cached or not. */
  costUsd: number;
  /** What this run paid for them (0 when served from the cache). */
  spentUsd: number;
  latencyMs: number;
  cached: boolean;
  gradingCostUsd: number;
  /** Cascades: whether the kept answer was accepted, how many escalations, whether the first answer passed. */
  route?: { accepted: boolean; escalations: number; firstPass: boolean };
  /** `length` (cut off at max_tokens) or `content-filter` for the graded answer; null for a natural stop. */
  finishReason?: string | null;
  /** A pairwise check's judgement against the reference answer; `split`: a tie because the two orders disagreed; `same`: the reference's own text (a tie, no judge asked). */
  preference?: Preference | null;
  /** With labelled items and `reference: { model }`: whether the answer matches the item's own label (not part of its grade). */
  labelPass?: boolean | null;
  /** The model the server says wrote the graded answer (a router behind the endpoint names the one it chose). */
  servedModel?: string | null;
  /** Where the graded answer's cost came from; null: the configured price. */
  costBasis?: CostBasis | null;
}

export type Preference = 'win' | 'tie' | 'loss' | 'split' | 'same';

export interface ItemRecord {
  runId: number;
  itemId: string;
  position: number;
  tags: string[];
  promptTokens: number;
  expectedJson: string | null;
  fieldsJson: string;
}
