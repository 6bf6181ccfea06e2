import { ProviderError } from '../../errors.js';
import type { ModelSpec } from '../../types/index.js';
import { redactSecrets } from '../../util/secrets.js';
import { anthropicRequestBody, describeAnthropicError, parseAnthropicMessage } from '../anthropic.js';
import { isRecord, withoutCredentials, type HttpProviderOptions } from '../http.js';
import { batchRequest, readJsonBody, readJsonLines, type BatchCall, type Fail } from './batch-http.js';
import { checkBatchBytes, checkBatchLines } from './batch-lines.js';
import type { BatchClient, BatchOutcome, BatchState, BatchStatus } from './types.js';

/** The Message Batches API's documented ceiling: requests, or bytes of the create request, whichever comes first. */
export const anthropicBatchLimits = { maxRequests: 100_000, maxBytes: 256 * 1024 * 1024 };

/**
 * Anthropic's Message Batches API: one JSON request carries every line
 * (`{custom_id, params}`, params being a Messages request), the batch is
 * polled, and once it has ended its `results_url` serves one JSONL line per
 * request, in any order, each succeeded, errored, canceled or expired.
 */
export function createAnthropicBatchClient(options: HttpProviderOptions): BatchClient {
  const call = <Result>(model: ModelSpec, details: Pick<BatchCall, 'method' | 'path' | 'signal'> & Partial<BatchCall>, read: (response: Response, fail: Fail) => Promise<Result>) => {
    const apiKey = options.getApiKey(model) || undefined;
    return batchRequest({
      provider: 'anthropic',
      model,
      apiKey,
      headers: { 'x-api-key': apiKey, 'anthropic-version': '2023-06-01' },
      fetch: options.fetch,
      describeError: describeAnthropicError,
      ...details,
    }, read);
  };
  const getBatch = (model: ModelSpec, batchId: string, signal: AbortSignal | undefined) =>
    call(model, { method: 'GET', path: `/messages/batches/${encodeURIComponent(batchId)}`, signal }, async (response, fail) => readBatch(await readJsonBody(response, fail), fail));

  return {
    limits: anthropicBatchLimits,

    async submit(model, lines, onCreated, signal) {
      checkBatchLines('anthropic', lines, anthropicBatchLimits.maxRequests);
      const extraBody = model.http?.extraBody ?? {};
      // As postJson sends a live call: the core body, the suite's extra_body over it.
      const requests = lines.map((line) => ({ custom_id: line.customId, params: { ...anthropicRequestBody(model, line.messages), ...extraBody } }));
      const json = { requests };
      checkBatchBytes('anthropic', Buffer.byteLength(JSON.stringify(json)), anthropicBatchLimits.maxBytes);
      const batchId = await call(model, { method: 'POST', path: '/messages/batches', body: { json }, transfer: true, signal, notFound: noBatchEndpoints(model) },
        async (response, fail) => {
          const body = await readJsonBody(response, fail);
          if (isRecord(body) && typeof body.id === 'string' && body.id !== '') return body.id;
          // Not retryable: asking again would pay for a second copy.
          throw fail({ message: 'malformed message batch object (no id)', isRetryable: false, kind: 'malformed' });
        });
      onCreated({ provider: 'anthropic', batchId });
      return { provider: 'anthropic', batchId };
    },

    async status(model, handle, signal) {
      return statusOf(await getBatch(model, handle.batchId, signal));
    },

    async results(model, handle, signal) {
      const batch = await getBatch(model, handle.batchId, signal);
      if (batch.processingStatus !== 'ended' || batch.resultsUrl === undefined) {
        throw new ProviderError({ message: `anthropic: batch ${handle.batchId} has no results yet (${batch.processingStatus})`, isRetryable: true });
      }
      const outcomes = new Map<string, BatchOutcome>();
      await call(model, { method: 'GET', path: batch.resultsUrl, signal, transfer: true }, (response, fail) =>
        readJsonLines(response, fail, (value) => {
          const outcome = outcomeOfLine(value, fail);
          outcomes.set(outcome.customId, outcome);
        }));
      return [...outcomes.values()];
    },

    async cancel(model, handle) {
      await call(model, { method: 'POST', path: `/messages/batches/${encodeURIComponent(handle.batchId)}/cancel`, signal: undefined }, readJsonBody);
    },
  };
}

function noBatchEndpoints(model: ModelSpec): string {
  const where = model.http ? ` at ${withoutCredentials(model.http.baseUrl)}` : '';
  return `the server${where} has no batch endpoints (/messages/batches): check model "${model.name}"'s base_url (Anthropic's ends in /v1), or run without --batch`;
}

/** The fields of a message batch object this client reads. */
interface AnthropicBatch {
  processingStatus: string;
  counts: Record<'processing' | 'succeeded' | 'errored' | 'canceled' | 'expired', number | undefined>;
  resultsUrl?: string;
}

function readBatch(body: unknown, fail: Fail): AnthropicBatch {
  if (!isRecord(body) || typeof body.processing_status !== 'string') {
    throw fail({ message: 'malformed message batch object (no processing_status)', isRetryable: true, kind: 'malformed' });
  }
  const counts = isRecord(body.request_counts) ? body.request_counts : {};
  const count = (name: string) => (typeof counts[name] === 'number' ? counts[name] : undefined);
  return {
    processingStatus: body.processing_status,
    counts: { processing: count('processing'), succeeded: count('succeeded'), errored: count('errored'), canceled: count('canceled'), expired: count('expired') },
    resultsUrl: typeof body.results_url === 'string' && body.results_url !== '' ? body.results_url : undefined,
  };
}

/**
 * Anthropic has three processing states; an ended batch says how it ended
 * only in its counts: lines cancelled make it `cancelled`, else lines
 * expired (the 24 hours ran out) make it `expired`. It has no batch-wide failure.
 */
function statusOf(batch: AnthropicBatch): BatchStatus {
  const { counts } = batch;
  const parts = Object.values(counts);
  const total = parts.every((part) => part !== undefined) ? parts.reduce((sum: number, part) => sum + part!, 0) : undefined;
  let state: BatchState;
  switch (batch.processingStatus) {
    case 'in_progress':
    case 'canceling':
      state = 'in_progress';
      break;
    case 'ended':
      state = (counts.canceled ?? 0) > 0 ? 'cancelled' : (counts.expired ?? 0) > 0 ? 'expired' : 'ended';
      break;
    default:
      throw new ProviderError({ message: `anthropic: the batch has a processing status this client does not know: ${JSON.stringify(batch.processingStatus.slice(0, 40))}`, isRetryable: false, kind: 'malformed' });
  }
  const status: BatchStatus = { state, counts: { succeeded: counts.succeeded, errored: counts.errored, expired: counts.expired, total } };
  if (batch.processingStatus === 'canceling') status.message = 'canceling';
  return status;
}

/** Error types of an errored line that asking again can cure; the others (invalid request, auth, not found) it cannot. */
const retryableErrorTypes = new Set(['api_error', 'overloaded_error', 'rate_limit_error', 'timeout_error']);

/** `{custom_id, result: {type, message?, error?}}`; an errored line's `error` is a whole error response, `{type: 'error', error: {type, message}}`. */
function outcomeOfLine(value: unknown, fail: Fail): BatchOutcome {
  if (!isRecord(value) || typeof value.custom_id !== 'string' || !isRecord(value.result)) {
    throw fail({ message: 'malformed results file: a line without custom_id or result', isRetryable: true, kind: 'malformed' });
  }
  const customId = value.custom_id;
  const { result } = value;
  switch (result.type) {
    case 'succeeded': {
      const parsed = parseAnthropicMessage(result.message);
      if (parsed) return { customId, ok: true, result: parsed };
      return { customId, ok: false, kind: 'errored', error: 'malformed message (unexpected shape)', retryable: true };
    }
    case 'errored': {
      const errorType = isRecord(result.error) && isRecord(result.error.error) ? result.error.error.type : undefined;
      const text = describeAnthropicError(result.error) ?? 'errored, with no explanation';
      return { customId, ok: false, kind: 'errored', error: redactSecrets(text), retryable: typeof errorType === 'string' && retryableErrorTypes.has(errorType) };
    }
    case 'canceled':
      return { customId, ok: false, kind: 'cancelled', error: 'the batch was cancelled before this request ran', retryable: true };
    case 'expired':
      return { customId, ok: false, kind: 'expired', error: 'the batch expired before this request ran', retryable: true };
    default:
      return { customId, ok: false, kind: 'errored', error: `unknown result type ${JSON.stringify(String(result.type).slice(0, 40))}`, retryable: false };
  }
}
