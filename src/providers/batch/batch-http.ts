import { ProviderError } from '../../errors.js';
import type { ModelSpec } from '../../types/index.js';
import { alsoRedact, redactSecrets } from '../../util/secrets.js';
import { clip, credentialHeaderValues, decodeOrKeep, isRetryableStatus, networkErrorCode, withoutCredentials, type Failure } from '../http.js';
import { parseRetryAfterMs } from '../retry-after.js';

/**
 * The HTTP side of the batch clients. `postJson` (../http.ts) fits one
 * generation: it merges the suite's `extra_body` into every body and reads at
 * most a few MB. Batch calls need GET, multipart uploads and result files of
 * hundreds of MB read line by line, so they have this instead, with the same
 * rules: errors classified retryable or not here, the key redacted from every
 * message, redirects not followed (fetch would carry the key to the new host).
 */
export interface BatchCall {
  provider: 'openai' | 'anthropic';
  model: ModelSpec;
  method: 'GET' | 'POST';
  /** Appended to the model's base URL (`/batches`), or a full URL the provider gave, which must be on the base URL's origin. */
  path: string;
  apiKey: string | undefined;
  /** The provider's own headers; undefined ones are left out. The suite's `headers` override them. */
  headers: Record<string, string | undefined>;
  /** JSON, or a multipart form (fetch writes its content-type and boundary). */
  body?: { json: unknown } | { form: FormData };
  /** A file upload or download takes longer than one answer: `transfer` allows at least 30 minutes. */
  transfer?: boolean;
  signal: AbortSignal | undefined;
  fetch: typeof fetch | undefined;
  describeError(body: unknown): string | undefined;
  /** The whole message of a 404, when it has a meaning here (a server without batch endpoints). */
  notFound?: string;
}

const transferTimeoutMs = 30 * 60_000;
const jsonBodyLimitBytes = 16 * 1024 * 1024;
const errorExcerptChars = 300;

/** Does the call and hands a 2xx response to `read`; any failure, reading included, is a ProviderError without the key. */
export async function batchRequest<Result>(call: BatchCall, read: (response: Response, fail: Fail) => Promise<Result>): Promise<Result> {
  const target = resolveTarget(call);
  alsoRedact([call.apiKey, ...target.secrets, ...credentialHeaderValues(call.model.http?.headers ?? {})]);
  const where = `${call.method} ${target.shownPath}`;
  const fail: Fail = (failure) => providerError(call.provider, where, target.url, failure);
  const headers = buildHeaders(call, target, fail);
  const timeoutMs = call.transfer ? Math.max(call.model.limits.timeoutMs, transferTimeoutMs) : call.model.limits.timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  const body = call.body === undefined ? undefined : 'json' in call.body ? JSON.stringify(call.body.json) : call.body.form;
  try {
    const response = await (call.fetch ?? fetch)(target.url, { method: call.method, headers, body, signal, redirect: 'manual' });
    if (response.status < 200 || response.status > 299) throw fail(await statusFailure(call, response));
    return await read(response, fail);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    if (call.signal?.aborted) throw fail({ message: 'request aborted', isRetryable: false, kind: 'request' });
    if (timeout.aborted) throw fail({ message: `timed out after ${timeoutMs} ms`, isRetryable: true, kind: 'timeout' });
    throw fail(transportFailure(error));
  }
}


export type Fail = (failure: Failure) => ProviderError;

/** A JSON object body, read no further than 16 MB (a batch object is a few hundred bytes). */
export async function readJsonBody(response: Response, fail: Fail): Promise<unknown> {
  const text = await readCapped(response, jsonBodyLimitBytes);
  if (text === undefined) throw fail({ message: `response body over ${jsonBodyLimitBytes} bytes: not read further`, isRetryable: false, kind: 'too-large' });
  try {
    return JSON.parse(text);
  } catch {
    throw fail({ message: 'malformed response body (not JSON)', isRetryable: true, kind: 'malformed', status: response.status, body: clip(text, 4_000) });
  }
}

/**
 * Calls `onLine` with each line of a JSONL body as it arrives: a results file
 * of 200 MB is never one string (V8 caps a string near 512 MB, and memory is
 * better spent elsewhere). Blank lines are skipped; a line that is not JSON fails the read.
 */
export async function readJsonLines(response: Response, fail: Fail, onLine: (value: unknown) => void): Promise<void> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let rest = '';
  let lineNumber = 0;
  const take = (line: string) => {
    lineNumber++;
    const trimmed = line.trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw fail({ message: `malformed results file: line ${lineNumber} is not JSON`, isRetryable: true, kind: 'malformed', status: response.status });
    }
    onLine(value);
  };
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) take(part);
  }
  take(rest + decoder.decode());
}

/** The body as text, or undefined once it passes `limit` bytes (the rest is not read). */
async function readCapped(response: Response, limit: number): Promise<string | undefined> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > limit) {
      await response.body.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks, bytes));
}

async function statusFailure(call: BatchCall, response: Response): Promise<Failure> {
  const text = (await readCapped(response, 64 * 1024).catch(() => '')) ?? '';
  const common = { status: response.status, body: text, retryAfterMs: parseRetryAfterMs(response.headers) };
  if (response.status === 404 && call.notFound) return { ...common, message: `HTTP 404: ${call.notFound}`, isRetryable: false };
  let explanation: string | undefined;
  try {
    explanation = call.describeError(JSON.parse(text));
  } catch {
    explanation = undefined;
  }
  const location = response.headers.get('location');
  const redirect = location ? ` (redirected to ${location}; set base_url to where the API is served)` : '';
  // Redacted before it is cut, so a cut never leaves half a key behind.
  const detail = clip(redactSecrets(explanation ?? (text.trim() || response.statusText)).replace(/\s+/g, ' ').trim(), errorExcerptChars);
  return { ...common, message: `HTTP ${response.status}: ${detail}${redirect}`, isRetryable: isRetryableStatus(response.status) };
}

interface Target {
  url: string;
  /** The path as error messages show it, without query values. */
  shownPath: string;
  basicAuth: string | undefined;
  secrets: string[];
}

/** The base URL with `path` appended to its path (not its query), user info moved to a header; a full URL must share the base's origin. */
function resolveTarget(call: BatchCall): Target {
  const baseText = call.model.http?.baseUrl;
  const invalid = (message: string) => new ProviderError({ message: `${call.provider}: ${message}`, isRetryable: false, kind: 'request' });
  if (baseText === undefined) throw invalid(`model "${call.model.name}" has no HTTP settings`);
  let base: URL;
  try {
    base = new URL(baseText);
  } catch {
    throw invalid('base_url is not a valid URL');
  }
  const username = decodeOrKeep(base.username);
  const password = decodeOrKeep(base.password);
  const secrets = [base.username, base.password, username, password, ...base.searchParams.values()].filter((value) => value !== '');
  base.username = '';
  base.password = '';
  let url: URL;
  if (/^https?:\/\//i.test(call.path)) {
    url = new URL(call.path);
    // The key goes with this request: only to the server the user named.
    if (url.origin !== base.origin) throw invalid(`the server named a results URL on another host (${url.origin}); not sending the key there`);
  } else {
    url = new URL(base.href);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}${call.path}`;
  }
  const basicAuth = username || password ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined;
  return { url: url.href, shownPath: url.pathname, basicAuth, secrets };
}

function buildHeaders(call: BatchCall, target: Target, fail: Fail): Headers {
  try {
    const headers = new Headers();
    if (call.body && 'json' in call.body) headers.set('content-type', 'application/json');
    for (const [name, value] of Object.entries(call.headers)) if (value !== undefined) headers.set(name, value);
    for (const [name, value] of Object.entries(call.model.http?.headers ?? {})) headers.set(name, value);
    if (target.basicAuth && !headers.has('authorization')) headers.set('authorization', target.basicAuth);
    return headers;
  } catch (error) {
    // Headers quotes the offending value, which may be the key itself.
    throw fail({ message: `invalid request header: ${error instanceof Error ? error.message : String(error)}`, isRetryable: false, kind: 'request' });
  }
}


function transportFailure(error: unknown): Failure {
  const code = networkErrorCode(error);
  if (code) return { message: `network error (${code})`, isRetryable: true, kind: 'network' };
  if (error instanceof Error && error.cause instanceof Error) return { message: `network error (${error.cause.message})`, isRetryable: true, kind: 'network' };
  return { message: `request failed: ${error instanceof Error ? error.message : String(error)}`, isRetryable: false, kind: 'request' };
}

function providerError(provider: string, where: string, url: string, failure: Failure): ProviderError {
  return new ProviderError({
    message: redactSecrets(`${provider}: ${where}: ${failure.message}`),
    status: failure.status,
    isRetryable: failure.isRetryable,
    kind: failure.kind,
    retryAfterMs: failure.retryAfterMs,
    url: redactSecrets(withoutCredentials(url)),
    body: failure.body === undefined ? undefined : clip(redactSecrets(failure.body), 4_000),
  });
}

/** A ProviderError for input the caller should have caught (a bad custom id, a batch over the limits): never retried. */
export function badBatchInput(provider: string, message: string): ProviderError {
  return new ProviderError({ message: `${provider}: ${message}`, isRetryable: false, kind: 'request' });
}


