import type { GenerateResult, Message, ModelSpec } from '../../types/index.js';

/**
 * One request of a batch. `customId` is unique in its batch and matches
 * `[A-Za-z0-9_-]{1,64}`: Anthropic's rule, the stricter of the two, so one id
 * works for either provider.
 */
export interface BatchLine {
  customId: string;
  messages: Message[];
}

/** What the caller stores to find a batch again after a restart. */
export interface BatchHandle {
  provider: 'openai' | 'anthropic';
  batchId: string;
  /** OpenAI only: the uploaded JSONL, which also says which lines the batch holds. */
  inputFileId?: string;
}

/**
 * `in_progress` until the provider is done; every other state is final.
 * `failed` (OpenAI only) means the batch was rejected as a whole and has no results.
 */
export type BatchState = 'in_progress' | 'ended' | 'expired' | 'failed' | 'cancelled';

export interface BatchStatus {
  state: BatchState;
  /** Counts the provider reports; one it does not report is undefined, never 0. */
  counts: { succeeded?: number; errored?: number; expired?: number; total?: number };
  /** The provider's explanation, e.g. why a batch failed. */
  message?: string;
}

/**
 * One line's outcome. `retryable` says whether asking again may succeed: a
 * line that expired or was cancelled never ran, so it is; a rejected request is not.
 */
export type BatchOutcome =
  | { customId: string; ok: true; result: GenerateResult }
  | { customId: string; ok: false; error: string; kind: 'errored' | 'expired' | 'cancelled'; retryable: boolean };

/** Every handle field so far, as `onCreated` reports them. */
export type PartialBatchHandle = Partial<BatchHandle> & { provider: BatchHandle['provider'] };

export interface BatchClient {
  /** Largest batch the provider takes: requests and bytes; the caller splits by these. */
  limits: { maxRequests: number; maxBytes: number };
  /**
   * Uploads (OpenAI: a JSONL file, purpose batch) and creates the batch; calls
   * onCreated(handle) the moment each id exists (the file id first, then the
   * batch id) so the caller can store it before anything else can fail.
   */
  submit(model: ModelSpec, lines: BatchLine[], onCreated: (handle: PartialBatchHandle) => void, signal?: AbortSignal): Promise<BatchHandle>;
  status(model: ModelSpec, handle: BatchHandle, signal?: AbortSignal): Promise<BatchStatus>;
  /**
   * Every line's outcome once ended (OpenAI: the output file and the error
   * file; Anthropic: the results JSONL, in any order). A line the provider
   * never reported is absent only when the client could not learn which lines the batch held.
   */
  results(model: ModelSpec, handle: BatchHandle, signal?: AbortSignal): Promise<BatchOutcome[]>;
  cancel?(model: ModelSpec, handle: BatchHandle): Promise<void>;
}
