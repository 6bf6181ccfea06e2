import type { CheckSpec } from '../checks/types.js';

/** One row of the dataset, after loading. Fields other than these stay in `fields`. */
export interface Item {
  id: string;
  /** Its place in the dataset (0-based): results are stored and merged in this order. Set by the loader. */
  position?: number;
  /** The reference answer; absent only where the item's checks need none. */
  expected: unknown;
  tags: string[];
  /** Checks of this item, replacing the suite's default checks. */
  checks?: CheckSpec[];
  /** Every column of the row, including id, expected and tags, for templates and checks; routers get a `RoutingView`. */
  fields: Record<string, unknown>;
}

export interface PriceSpec {
  inputPerMtokUsd: number;
  outputPerMtokUsd: number;
  /** Price of input tokens served from the provider's prompt cache; falls back to the input price. */
  cachedInputPerMtokUsd?: number;
  /** Where the numbers came from: `suite` or `genai-prices:<provider>/<model>`. */
  source: string;
}

/** Probability of a right answer, overall and per item tag. */
export interface MockQuality {
  default: number;
  byTag: Record<string, number>;
}

export interface ModelSpec {
  /** The key under `models:` in the suite. */
  name: string;
  provider: string;
  /** The provider's model id. */
  model: string;
  price: PriceSpec;
  /** Settings that shape the answer; all go into the cache key. */
  settings: ModelSettings;
  mock?: MockSettings;
  /** For providers reached over HTTP (openai, anthropic). */
  http?: HttpSettings;
  replay?: ReplaySettings;
  limits: ModelLimits;
}

export interface HttpSettings {
  /** Without a trailing slash, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** The environment variable holding the API key; the key itself is never stored. */
  apiKeyEnv: string | undefined;
  /** Fields merged into the request body as they are (provider-specific options). */
  extraBody: Record<string, unknown>;
  /** Extra request headers, such as an organisation id. */
  headers: Record<string, string>;
}

export interface ModelLimits {
  /** Calls in flight for this model at most. */
  maxConcurrency?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** Per attempt; an attempt past it is aborted and counts as a retryable timeout. */
  timeoutMs: number;
  maxAttempts: number;
  /** The longest wait a server's retry-after may impose; a longer one is cut to this. */
  maxRetryWaitMs?: number;
  /**
   * The model counts as down, and the run stops, when its attempts have failed
   * (retryably: no connection, 5xx, 429, timeouts) this many times in a row,
   * over at least `downAfterMs`, with no success between them.
   */
  downAfterFailures?: number;
  downAfterMs?: number;
}

export interface ModelSettings {
  system?: string;
  temperature?: number;
  maxOutputTokens?: number;
  stop?: string[];
}

export interface MockSettings {
  quality: MockQuality;
  latencyMs: number;
  latencyJitterMs: number;
  faults: MockFaults;
  /** Scripted replies: when set, the mock answers with one of these (drawn per item and sample) instead of right/wrong answers. */
  replies?: string[];
}

/** Shares of attempts that fail, for testing retries without a network. */
export interface MockFaults {
  rateLimit: number;
  serverError: number;
  timeout: number;
  malformed: number;
  /** The retry-after a simulated 429 carries. */
  retryAfterMs: number;
}

export interface ReplaySettings {
  /** Recorded answers of this model by item id. */
  records: Map<string, ReplayRecord>;
  onMissing: 'error' | 'skip';
  /** Where they came from, for messages and the stored settings. */
  source: string;
}

export interface ReplayRecord {
  output: string;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  latencyMs?: number;
  /** A grade recorded with the output (0..1), for the `recorded` check. */
  score?: number;
}

export type RuleCondition = {
  tags?: string[];
  field?: string;
  matches?: RegExp;
  promptTokens?: { min?: number; max?: number };
};

export interface Rule {
  when: RuleCondition;
  use: string;
}

export type ConfigurationSpec =
  | { name: string; kind: 'fixed'; model: string }
  | { name: string; kind: 'rules'; rules: Rule[]; default: string }
  | { name: string; kind: 'random'; p: number; strong: string; weak: string; seed?: number }
  | { name: string; kind: 'oracle'; models: string[] }
  | ThresholdSpec
  | CascadeSpec
  | ExternalSpec;

/** Learned router: items whose predicted chance that `weak` fails is above `threshold` go to `strong`. */
export interface ThresholdSpec {
  name: string;
  kind: 'threshold';
  strong: string;
  weak: string;
  threshold: number;
  /** Cross-fitting folds: each item is scored by a model trained on the other folds only. */
  folds: number;
  /** Written in the suite; otherwise the run's seed. */
  seed?: number;
}

/** Models in order, cheapest first; the first answer the acceptance checks accept is kept. */
export interface CascadeSpec {
  name: string;
  kind: 'cascade';
  models: string[];
  /** Reference-free checks an answer must pass to be accepted (format, JSON validity, ...). */
  accept: CheckSpec[];
  /** Also require this many samples of a model to agree before accepting (1 = no agreement test). */
  agreement: number;
}

/** The team's own router, asked per item over HTTP or through a command. */
export interface ExternalSpec {
  name: string;
  kind: 'external';
  url?: string;
  command?: string[];
  models: string[];
  timeoutMs: number;
}

export interface Suite {
  name: string;
  version: number;
  description?: string;
  /** Absolute path of the suite file, or `<inline>`. */
  path: string;
  /** sha256 of the suite text and the dataset bytes: runs of different content are not comparable. */
  contentHash: string;
  prompt: string;
  /** Field names the prompt template reads. */
  promptFields: string[];
  /** What the checks read as a reference (`expected` first): no router sees these fields (see suite/reference-fields.ts). */
  referenceFields: string[];
  checks: CheckSpec[];
  models: Record<string, ModelSpec>;
  configurations: ConfigurationSpec[];
  baseline: string;
  /** The expensive model: frontier share is measured against it. */
  frontier: string;
  marginPp: number;
  seed: number;
  items: Item[];
  datasetPath?: string;
}
