import type { ReplayRecord } from './item.js';

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
  /** `share_key: true`: external routers and custom checks may see the key variable (it is still redacted). */
  shareKey?: boolean;
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
  /** A response body longer than this fails the attempt, unread beyond it (default 8 MiB). */
  maxResponseBytes?: number;
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
