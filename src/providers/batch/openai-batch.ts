import { ProviderError } from '../../errors.js';
import type { ModelSpec } from '../../types/index.js';
import { redactSecrets } from '../../util/secrets.js';
import { isRecord, isRetryableStatus, withoutCredentials, type HttpProviderOptions } from '../http.js';
import { describeOpenAiError, openAiRequestBody, parseChatCompletion } from '../openai.js';
import { batchRequest, readJsonBody, readJsonLines, type BatchCall, type Fail } from './batch-http.js';
import { checkBatchBytes, checkBatchLines } from './batch-lines.js';
import type { BatchClient, BatchOutcome, BatchState, BatchStatus } from './types.js';

/** The Batch API's documented ceiling for one input file. */
export const openAiBatchLimits = { maxRequests: 50_000, maxBytes: 200 * 1024 * 1024 };

/** Every line's `url`, and the batch's `endpoint`: a path on OpenAI's API, whatever the base URL. */
const endpoint = '/v1/chat/completions';

/**
 * OpenAI's Batch API: the requests go up as one JSONL file (Files API,
 * purpose `batch`), a batch is created from it, polled, and read back from an
 * output file (successes) and an error file (failed, expired lines), in any order.
 */
export function createOpenAiBatchClient(options: HttpProviderOptions): BatchClient {
  const call = <Result>(model: ModelSpec, details: Pick<BatchCall, 'method' | 'path' | 'signal'> & Partial<BatchCall>, read: (response: Response, fail: Fail) => Promise<Result>) => {
    const apiKey = options.getApiKey(model) || undefined;
    return batchRequest({
      provider: 'openai',
      model,
      apiKey,
      headers: { authorization: apiKey === undefined ? undefined : `Bearer ${apiKey}` },
      fetch: options.fetch,
      describeError: describeOpenAiError,
      ...details,
    }, read);
  };
  const getBatch = (model: ModelSpec, batchId: string, signal: AbortSignal | undefined) =>
    call(model, { method: 'GET', path: `/batches/${encodeURIComponent(batchId)}`, signal }, async (response, fail) => readBatch(await readJsonBody(response, fail), fail));

  return {
    limits: openAiBatchLimits,

    async submit(model, lines, onCreated, signal) {
      checkBatchLines('openai', lines, openAiBatchLimits.maxRequests);
      const extraBody = model.http?.extraBody ?? {};
      // As postJson sends a live call: the core body, the suite's extra_body over it, undefined fields dropped.
      const jsonl = lines
        .map((line) => JSON.stringify({ custom_id: line.customId, method: 'POST', url: endpoint, body: { ...openAiRequestBody(model, line.messages), ...extraBody } }))
        .join('\n') + '\n';
      checkBatchBytes('openai', Buffer.byteLength(jsonl), openAiBatchLimits.maxBytes);
      const notFound = noBatchEndpoints(model);

      const form = new FormData();
      form.append('purpose', 'batch');
      form.append('file', new Blob([jsonl], { type: 'application/jsonl' }), 'route-bench-batch.jsonl');
      const inputFileId = await call(model, { method: 'POST', path: '/files', body: { form }, transfer: true, signal, notFound },
        async (response, fail) => idOf(await readJsonBody(response, fail), 'file', fail));
      onCreated({ provider: 'openai', inputFileId });

      const batchId = await call(model, {
        method: 'POST', path: '/batches', signal, notFound,
        body: { json: { input_file_id: inputFileId, endpoint, completion_window: '24h' } },
      }, async (response, fail) => idOf(await readJsonBody(response, fail), 'batch', fail));
      onCreated({ provider: 'openai', inputFileId, batchId });
      return { provider: 'openai', batchId, inputFileId };
    },

    async status(model, handle, signal) {
      return statusOf(await getBatch(model, handle.batchId, signal));
    },

    async results(model, handle, signal) {
      const batch = await getBatch(model, handle.batchId, signal);
      const { state } = statusOf(batch);
      if (state === 'in_progress') throw new ProviderError({ message: `openai: batch ${handle.batchId} has not ended (${batch.status})`, isRetryable: true });
      const outcomes = new Map<string, BatchOutcome>();
      const keep = (outcome: BatchOutcome) => {
        // A line in both files (it should not be) keeps its answer.
        if (!outcomes.get(outcome.customId)?.ok) outcomes.set(outcome.customId, outcome);
      };
      for (const fileId of [batch.outputFileId, batch.errorFileId]) {
        if (fileId === undefined) continue;
        await call(model, fileContent(fileId, signal), (response, fail) => readJsonLines(response, fail, (value) => keep(outcomeOfLine(value, fail))));
      }
      // Lines with no output of either kind: only the input file says which they are.
      if (handle.inputFileId !== undefined && (state !== 'ended' || batch.total === undefined || outcomes.size < batch.total)) {
        const missing = await inputCustomIds(handle.inputFileId).catch((error: unknown) => {
          // A server that keeps no input files to download: the caller treats an absent line as unanswered.
          if (error instanceof ProviderError && error.status !== undefined && error.status >= 400 && error.status < 500) return [];
          throw error;
        });
        for (const customId of missing) if (!outcomes.has(customId)) outcomes.set(customId, unreported(customId, state, batch));
      }
      return [...outcomes.values()];

      async function inputCustomIds(fileId: string): Promise<string[]> {
        const ids: string[] = [];
        await call(model, fileContent(fileId, signal), (response, fail) => readJsonLines(response, fail, (value) => {
          if (isRecord(value) && typeof value.custom_id === 'string') ids.push(value.custom_id);
        }));
        return ids;
      }
    },

    async cancel(model, handle) {
      await call(model, { method: 'POST', path: `/batches/${encodeURIComponent(handle.batchId)}/cancel`, signal: undefined }, readJsonBody);
    },
  };
}

function fileContent(fileId: string, signal: AbortSignal | undefined): Pick<BatchCall, 'method' | 'path' | 'signal' | 'transfer'> {
  return { method: 'GET', path: `/files/${encodeURIComponent(fileId)}/content`, signal, transfer: true };
}

function noBatchEndpoints(model: ModelSpec): string {
  const where = model.http ? ` at ${withoutCredentials(model.http.baseUrl)}` : '';
  return `the server${where} has no batch endpoints (/files, /batches): check model "${model.name}"'s base_url (OpenAI's ends in /v1), or run without --batch (a local vLLM or Ollama answers live only)`;
}

/** The fields of a batch object this client reads. */
interface OpenAiBatch {
  status: string;
  total?: number;
  completed?: number;
  failed?: number;
  outputFileId?: string;
  errorFileId?: string;
  /** `errors.data`, the reasons a batch failed as a whole. */
  errors: Array<{ code?: string; message?: string; line?: number }>;
}

function readBatch(body: unknown, fail: Fail): OpenAiBatch {
  if (!isRecord(body) || typeof body.status !== 'string') throw fail({ message: 'malformed batch object (no status)', isRetryable: true, kind: 'malformed' });
  const counts = isRecord(body.request_counts) ? body.request_counts : {};
  const errorData = isRecord(body.errors) && Array.isArray(body.errors.data) ? body.errors.data : [];
  return {
    status: body.status,
    total: numberOrUndefined(counts.total),
    completed: numberOrUndefined(counts.completed),
    failed: numberOrUndefined(counts.failed),
    outputFileId: stringOrUndefined(body.output_file_id),
    errorFileId: stringOrUndefined(body.error_file_id),
    errors: errorData.filter(isRecord).map((error) => ({
      code: stringOrUndefined(error.code),
      message: stringOrUndefined(error.message),
      line: numberOrUndefined(error.line),
    })),
  };
}

const states: Record<string, BatchState> = {
  validating: 'in_progress',
  in_progress: 'in_progress',
  finalizing: 'in_progress',
  // Cancelling takes up to 10 minutes, and the lines done by then still land in the output file.
  cancelling: 'in_progress',
  completed: 'ended',
  failed: 'failed',
  expired: 'expired',
  cancelled: 'cancelled',
};

function statusOf(batch: OpenAiBatch): BatchStatus {
  const state = states[batch.status];
  if (state === undefined) {
    throw new ProviderError({ message: `openai: the batch has a status this client does not know: ${JSON.stringify(batch.status.slice(0, 40))}`, isRetryable: false, kind: 'malformed' });
  }
  // OpenAI counts expired lines among the failed ones: how many expired is not reported.
  const status: BatchStatus = { state, counts: { succeeded: batch.completed, errored: batch.failed, total: batch.total } };
  if (batch.errors.length > 0) status.message = batchErrorText(batch);
  return status;
}

function batchErrorText(batch: OpenAiBatch): string {
  return redactSecrets(batch.errors
    .map((error) => `${error.message ?? 'error'}${error.code ? ` (${error.code})` : ''}${error.line !== undefined ? ` at line ${error.line}` : ''}`)
    .join('; '));
}

/**
 * A line of the output or error file: `{custom_id, response: {status_code, body}, error}`. A failed
 * request usually comes as a non-200 `response` with `error: null` (not as `error`, as the spec
 * suggests); a line that never ran has `response: null` and an `error` code such as `batch_expired`.
 */
function outcomeOfLine(value: unknown, fail: Fail): BatchOutcome {
  if (!isRecord(value) || typeof value.custom_id !== 'string') throw fail({ message: 'malformed results file: a line without custom_id', isRetryable: true, kind: 'malformed' });
  const customId = value.custom_id;
  const response = isRecord(value.response) ? value.response : undefined;
  const error = isRecord(value.error) ? value.error : undefined;
  const statusCode = numberOrUndefined(response?.status_code);
  if (statusCode === 200) {
    const result = parseChatCompletion(response?.body);
    if (result) return { customId, ok: true, result };
    return { customId, ok: false, kind: 'errored', error: 'malformed response body (unexpected shape)', retryable: true };
  }
  const code = stringOrUndefined(error?.code);
  const reason = describeOpenAiError(response?.body) ?? stringOrUndefined(error?.message) ?? 'no response';
  const withCode = code && !reason.includes(code) ? `${reason} (${code})` : reason;
  const text = redactSecrets(statusCode === undefined ? withCode : `HTTP ${statusCode}: ${withCode}`);
  if (code === 'batch_expired') return { customId, ok: false, kind: 'expired', error: text, retryable: true };
  if (code === 'batch_cancelled') return { customId, ok: false, kind: 'cancelled', error: text, retryable: true };
  return { customId, ok: false, kind: 'errored', error: text, retryable: statusCode !== undefined && isRetryableStatus(statusCode) };
}

/** A line in the input file that neither output file mentions: what the batch's end says of it. */
function unreported(customId: string, state: BatchState, batch: OpenAiBatch): BatchOutcome {
  switch (state) {
    case 'expired':
      return { customId, ok: false, kind: 'expired', error: 'the batch expired before this request ran', retryable: true };
    case 'cancelled':
      return { customId, ok: false, kind: 'cancelled', error: 'the batch was cancelled before this request ran', retryable: true };
    case 'failed':
      // A batch rejected as a whole: worth asking again only when it hit a limit that clears with time.
      return { customId, ok: false, kind: 'errored', error: `the batch failed: ${batchErrorText(batch) || 'no reason given'}`,
        retryable: batch.errors.some((error) => /token_limit|rate_limit/.test(error.code ?? '')) };
    default:
      return { customId, ok: false, kind: 'errored', error: 'the batch ended without a result for this request', retryable: true };
  }
}

/** Not retryable: asking again would upload, or pay for, a second copy. */
function idOf(body: unknown, what: string, fail: Fail): string {
  if (isRecord(body) && typeof body.id === 'string' && body.id !== '') return body.id;
  throw fail({ message: `malformed ${what} object (no id)`, isRetryable: false, kind: 'malformed' });
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
