import { ProviderError, type ProviderFailureKind } from '../errors.js';
import type { HttpSettings, ModelSpec } from '../types/index.js';
import { parseRetryAfterMs } from './retry-after.js';
import { alsoRedact, redactSecrets } from '../util/secrets.js';

/** What the HTTP provider factories take. */
export interface HttpProviderOptions {
  /** The model's API key, which the caller reads from the environment; undefined sends none. */
  getApiKey(model: ModelSpec): string | undefined;
  /** Stands in for the global fetch. */
  fetch?: typeof fetch;
}

/** One JSON POST to a provider, and how to read what comes back. */
export interface JsonCall<Result> {
  /** Names the provider in error messages: `openai`, `anthropic`. */
  provider: string;
  model: ModelSpec;
  /** Appended to the model's base URL, e.g. `/chat/completions`. */
  path: string;
  apiKey: string | undefined;
  /** The provider's own headers; undefined ones are left out. The suite's `headers` override them. */
  headers: Record<string, string | undefined>;
  /** The core request fields; the suite's `extra_body` is merged over them and wins. */
  body: Record<string, unknown>;
  signal: AbortSignal | undefined;
  fetch: typeof fetch | undefined;
  /** The provider's own explanation in an error body, if it has one. */
  describeError(body: unknown): string | undefined;
  /** The result read from a success body; undefined when the body is not the expected shape. */
  parseSuccess(body: unknown): Result | undefined;
}

/** What went wrong with a request, before it is a ProviderError (batch/batch-http.ts builds the same). */
export interface Failure {
  message: string;
  isRetryable: boolean;
  kind?: ProviderFailureKind;
  status?: number;
  retryAfterMs?: number;
  body?: string;
}

type Redact = (text: string) => string;

const messageDetailChars = 300;
const bodyChars = 4_000;

/**
 * POSTs JSON and returns the parsed success, or throws a ProviderError whose
 * message, url and body never contain the API key or URL credentials. Every
 * failure is classified retryable or not here, so the retry loop needs nothing else.
 */
export async function postJson<Result>(call: JsonCall<Result>): Promise<Result> {
  const http = httpSettingsOf(call);
  const target = splitCredentials(http.baseUrl, call.path, call.provider);
  // Redacted run-wide, not only here: a server may echo a key in an answer, not only in an error.
  alsoRedact([call.apiKey, ...target.secrets, ...credentialHeaderValues(http.headers)]);
  const redact: Redact = redactSecrets;
  const fail = (failure: Failure) => toProviderError(failure, call.provider, target.url, redact);

  let headers: Headers;
  try {
    headers = buildHeaders(call.headers, http.headers, target);
  } catch (error) {
    // Headers quotes the offending value, which may be the key itself.
    throw fail({ message: `invalid request header: ${errorMessage(error)}`, isRetryable: false, kind: 'request' });
  }
  const body = JSON.stringify({ ...call.body, ...http.extraBody });
  const timeoutMs = call.model.limits.timeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;

  let response: Response;
  let text: string;
  try {
    // Redirects are not followed: fetch would carry x-api-key along to whatever host the redirect names.
    response = await (call.fetch ?? fetch)(target.url, { method: 'POST', headers, body, signal, redirect: 'manual' });
    text = await readCapped(response, call.model.limits.maxResponseBytes ?? fallbackMaxResponseBytes);
  } catch (error) {
    if (error instanceof TooLarge) {
      throw fail({ message: `response body over ${error.limit} bytes (max_response_bytes): not read further; the attempt fails and is not retried`,
        isRetryable: false, kind: 'too-large', status: response!.status === 200 ? undefined : response!.status });
    }
    if (call.signal?.aborted) throw fail({ message: 'request aborted', isRetryable: false, kind: 'request' });
    if (timeout.aborted) throw fail({ message: `timed out after ${timeoutMs} ms`, isRetryable: true, kind: 'timeout' });
    throw fail(transportFailure(error, target.url));
  }

  const parsed = parseJson(text);
  if (response.status < 200 || response.status > 299) {
    const explanation = (parsed.ok ? call.describeError(parsed.value) : undefined) ?? (text.trim() || response.statusText);
    const location = response.headers.get('location');
    const redirect = location ? ` (redirected to ${location}; set base_url to where the API is served)` : '';
    throw fail({
      message: `HTTP ${response.status}: ${excerpt(explanation, redact)}${redirect}`,
      isRetryable: isRetryableStatus(response.status),
      status: response.status,
      retryAfterMs: parseRetryAfterMs(response.headers),
      body: text,
    });
  }
  const result = parsed.ok ? call.parseSuccess(parsed.value) : undefined;
  if (result !== undefined) return result;
  // Some gateways answer 200 with an error object inside: say what it said.
  const explanation = parsed.ok ? call.describeError(parsed.value) : undefined;
  throw fail({
    message: `malformed response body (${parsed.ok ? 'unexpected shape' : 'not JSON'})${explanation ? `: ${excerpt(explanation, redact)}` : ''}`,
    isRetryable: true,
    status: response.status,
    body: text,
    kind: 'malformed',
  });
}

/** For a model built without the suite's defaults (tests); a suite's model has its own. */
const fallbackMaxResponseBytes = 8 * 1024 * 1024;

class TooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response body over ${limit} bytes`);
  }
}

/**
 * The body as text, read no further than `limit` bytes: a server that sends
 * 50 MB (or never stops) costs at most `limit` of memory, not gigabytes. A
 * declared length over the limit fails before reading anything.
 */
async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw new TooLarge(limit);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge(limit);
    }
    chunks.push(value);
  }
  // As response.text() decodes: invalid UTF-8 becomes U+FFFD, a leading BOM is dropped.
  return new TextDecoder().decode(Buffer.concat(chunks, bytes));
}

/**
 * Fields that change answers beyond model, settings and messages: a different server or extra options.
 * The query string stays, values and all: `?api-version=` changes the answer, and the identity is only
 * ever hashed into the cache key, never stored or shown.
 */
export function httpIdentity(model: ModelSpec): unknown {
  if (!model.http) return undefined;
  return { baseUrl: withoutUserInfo(model.http.baseUrl), extraBody: model.http.extraBody };
}

/** The official SDKs retry exactly these: timeouts, lock conflicts, rate limits and every server error. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function httpSettingsOf(call: JsonCall<unknown>): HttpSettings {
  if (call.model.http) return call.model.http;
  throw new ProviderError({ message: `${call.provider}: model "${call.model.name}" has no HTTP settings`, isRetryable: false });
}

interface Target {
  url: string;
  username: string;
  password: string;
  secrets: string[];
}

/**
 * The URL to call: the base URL with `path` appended to its path, not to its query. fetch refuses URLs
 * with credentials, and error messages must not show them: they move to a header. A query value may be a
 * key too (Google's `?key=`): it stays in the URL, as the provider wants, and counts as a secret.
 */
function splitCredentials(baseUrl: string, path: string, provider: string): Target {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ProviderError({ message: `${provider}: base_url is not a valid URL`, isRetryable: false });
  }
  const username = decodeOrKeep(url.username);
  const password = decodeOrKeep(url.password);
  // In `user:key@host` the name is no secret (and is often a common word); in `key@host` it is the key.
  const secrets = password ? [url.password, password] : [url.username, username];
  secrets.push(...queryValues(url));
  url.username = '';
  url.password = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  return { url: url.href, username, password, secrets };
}

/** Each query value as the URL writes it and as a server reads it (`%2D` is `-`, `+` a space). */
function queryValues(url: URL): string[] {
  const written = url.search.slice(1).split('&').filter((part) => part.includes('=')).map((part) => part.slice(part.indexOf('=') + 1));
  return [...written, ...[...url.searchParams.values()]];
}

/**
 * A key can hide in a base URL's user info or its query string: this form of it may be stored and shown.
 * Query values are all dropped, not only those named like keys: a provider may call its key anything.
 */
export function withoutCredentials(urlText: string): string {
  try {
    const url = new URL(withoutUserInfo(urlText));
    url.search = withoutQueryValues(url.search);
    return url.href;
  } catch {
    const queryAt = urlText.indexOf('?');
    const beforeQuery = withoutUserInfo(queryAt === -1 ? urlText : urlText.slice(0, queryAt));
    return queryAt === -1 ? beforeQuery : `${beforeQuery}${withoutQueryValues(urlText.slice(queryAt))}`;
  }
}

function withoutUserInfo(urlText: string): string {
  try {
    const url = new URL(urlText);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return urlText.replace(/^([a-z]+:\/\/)[^/?#]*@/i, '$1');
  }
}

/** `?key=sk-1&alt=json` to `?key=[redacted]&alt=[redacted]`: the names still say what was set. */
function withoutQueryValues(query: string): string {
  return query.replace(/([?&][^=&#]*=)[^&#]+/g, '$1[redacted]');
}

export function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function buildHeaders(providerHeaders: Record<string, string | undefined>, suiteHeaders: Record<string, string>, target: Target): Headers {
  const headers = new Headers({ 'content-type': 'application/json' });
  for (const [name, value] of Object.entries(providerHeaders)) if (value !== undefined) headers.set(name, value);
  for (const [name, value] of Object.entries(suiteHeaders)) headers.set(name, value);
  // As curl does with `user:password@host`; an explicit Authorization header wins.
  if ((target.username || target.password) && !headers.has('authorization')) {
    headers.set('authorization', `Basic ${Buffer.from(`${target.username}:${target.password}`).toString('base64')}`);
  }
  return headers;
}

/** Values of suite headers that look like credentials (`Authorization`, `api-key`, ...), with and without their scheme. */
export function credentialHeaderValues(headers: Record<string, string>): string[] {
  const values: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!/auth|key|token|secret|cookie/i.test(name)) continue;
    values.push(value, value.trim().split(/\s+/).at(-1) ?? value);
  }
  return values;
}

/** Redacts before cutting, so a cut can never leave half a key behind. */
function excerpt(text: string, redact: Redact, maxChars = messageDetailChars): string {
  return clip(redact(text).replace(/\s+/g, ' ').trim(), maxChars);
}

export function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}

function toProviderError(failure: Failure, provider: string, url: string, redact: Redact): ProviderError {
  return new ProviderError({
    message: `${provider}: ${redact(failure.message)}`,
    status: failure.status,
    isRetryable: failure.isRetryable,
    kind: failure.kind,
    retryAfterMs: failure.retryAfterMs,
    url: redact(url),
    body: failure.body === undefined ? undefined : clip(redact(failure.body), bodyChars),
  });
}

/** fetch reports every network problem as `TypeError: fetch failed`; the useful part is the cause's code. */
function transportFailure(error: unknown, url: string): Failure {
  const code = networkErrorCode(error);
  if (code) return { message: `network error (${code}) calling ${url}`, isRetryable: true, kind: 'network' };
  if (error instanceof Error && error.cause instanceof Error) {
    return { message: `network error (${error.cause.message}) calling ${url}`, isRetryable: true, kind: 'network' };
  }
  return { message: `request failed: ${errorMessage(error)}`, isRetryable: false, kind: 'request' };
}

export function networkErrorCode(error: unknown): string | undefined {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // Connecting to every address of a host fails as one AggregateError.
    if (current instanceof AggregateError && current.errors[0] instanceof Error) current = current.errors[0];
    else current = current.cause;
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
