import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import type { ModelSpec } from '../../types/index.js';
import type { BatchClient, BatchHandle, BatchStatus } from '../batch/types.js';
import { recordedResponse, type ReceivedRequest } from './fake-server.js';

/**
 * Local stand-ins for OpenAI's Batch + Files APIs and Anthropic's Message
 * Batches API: the documented endpoints only, answering in the documented
 * shapes, each line's body shaped as a recorded real response (recorded/).
 * They validate what they are sent as the real APIs do, so a client bug shows
 * up as a rejected batch rather than a passing test.
 */

/** What happens to one line. `fail-line`: OpenAI answers it with HTTP 500, Anthropic with an errored `api_error`. */
export type LineScenario = 'succeed' | 'fail-line' | 'expire' | 'cancel';
/** `fail-batch`: OpenAI's batch ends `failed` with `errors`; Anthropic, which has no such state, rejects the create with a 500. */
export type BatchScenario = LineScenario | 'fail-batch';

export interface FakeBatchServerOptions {
  /** The answer's text for one request body (OpenAI: the line's `body`; Anthropic: its `params`). Default: the last user message. */
  answer?: (body: Record<string, unknown>) => string;
  /** Status polls that still say "in progress" before the batch ends (default 1). */
  pollsUntilDone?: number;
  /** Every line's scenario unless `scenarioFor` names one. A line that expires makes the batch end expired; one cancelled, cancelled. */
  scenario?: BatchScenario;
  scenarioFor?: (customId: string) => LineScenario | undefined;
  /** Result lines in the order sent, or shuffled (a fixed seed, so a failure reproduces). Default shuffled, as the APIs promise no order. */
  order?: 'input' | 'shuffled';
  /** OpenAI: an expired line goes to the error file as `batch_expired` (as documented), or is left out of both files. */
  expiredLines?: 'error-file' | 'missing';
  /** When set, a request without this key is answered 401. */
  apiKey?: string;
}

export interface FakeBatchServer {
  /** `http://127.0.0.1:<port>/v1`: the model's base URL. */
  baseUrl: string;
  received: ReceivedRequest[];
  /** OpenAI: each uploaded file's text, by file id. */
  files: Map<string, string>;
  batchesCreated(): number;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
}

interface FakeLine {
  customId: string;
  body: Record<string, unknown>;
}

interface FakeBatch {
  id: string;
  lines: FakeLine[];
  polls: number;
  cancelled: boolean;
  failed: boolean;
  /** OpenAI: why the input file was rejected, as the failed batch's `errors.data`. */
  problems: Array<Record<string, unknown>>;
  succeeded: number;
  inputFileId?: string;
  outputFileId?: string;
  errorFileId?: string;
}

type Route = (request: ReceivedRequest, raw: Buffer) => Promise<Reply> | Reply;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const openAiSuccess = JSON.parse(recordedResponse('openai.chat_completion.success.json')) as Record<string, unknown>;
const anthropicSuccess = JSON.parse(recordedResponse('anthropic.message.success.json')) as Record<string, unknown>;

export async function startFakeOpenAiBatchServer(options: FakeBatchServerOptions = {}): Promise<FakeBatchServer> {
  const files = new Map<string, string>();
  const batches = new Map<string, FakeBatch>();
  const invalid = (status: number, message: string): Reply => ({ status, body: { error: { message, type: 'invalid_request_error', param: null, code: null } } });
  const addFile = (text: string) => {
    const id = `file-${files.size + 1}`;
    files.set(id, text);
    return id;
  };

  const route: Route = async (request, raw) => {
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) return invalid(401, 'Incorrect API key provided');
    const { method, path } = request;
    if (method === 'POST' && path === '/v1/files') {
      const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': String(request.headers['content-type']) }, body: raw }).formData();
      const file = form.get('file');
      if (form.get('purpose') !== 'batch') return invalid(400, "'purpose' must be one of batch, assistants, ...");
      if (typeof file === 'string' || file === null) return invalid(400, "'file' is a required multipart field");
      const text = await file.text();
      const id = addFile(text);
      return { status: 200, body: { id, object: 'file', bytes: Buffer.byteLength(text), created_at: nowSeconds(), filename: file.name, purpose: 'batch', status: 'processed' } };
    }
    const content = /^\/v1\/files\/([^/]+)\/content$/.exec(path);
    if (method === 'GET' && content) {
      const text = files.get(decodeURIComponent(content[1]!));
      return text === undefined ? invalid(404, 'No such File object') : { status: 200, body: text, contentType: 'application/octet-stream' };
    }
    if (method === 'POST' && path === '/v1/batches') {
      const body = JSON.parse(request.bodyText) as Record<string, unknown>;
      if (body.endpoint !== '/v1/chat/completions' || body.completion_window !== '24h') return invalid(400, 'endpoint or completion_window not supported');
      const input = typeof body.input_file_id === 'string' ? files.get(body.input_file_id) : undefined;
      if (input === undefined) return invalid(400, 'input_file_id does not name an uploaded file');
      const lines: FakeLine[] = [];
      const problems = readOpenAiLines(input, lines);
      const batch: FakeBatch = {
        id: `batch_${batches.size + 1}`, lines, polls: 0, cancelled: false, failed: options.scenario === 'fail-batch' || problems.length > 0,
        problems, succeeded: 0, inputFileId: body.input_file_id as string,
      };
      batches.set(batch.id, batch);
      return { status: 200, body: openAiBatchObject(batch, 'validating') };
    }
    const batchPath = /^\/v1\/batches\/([^/]+)(\/cancel)?$/.exec(path);
    const batch = batchPath ? batches.get(decodeURIComponent(batchPath[1]!)) : undefined;
    if (batchPath && !batch) return invalid(404, 'No batch found');
    if (batch && method === 'POST' && batchPath?.[2]) {
      batch.cancelled = true;
      return { status: 200, body: openAiBatchObject(batch, 'cancelling') };
    }
    if (batch && method === 'GET' && !batchPath?.[2]) {
      batch.polls++;
      if (batch.polls <= (options.pollsUntilDone ?? 1)) return { status: 200, body: openAiBatchObject(batch, batch.cancelled ? 'cancelling' : 'in_progress') };
      return { status: 200, body: finishOpenAiBatch(batch) };
    }
    return invalid(404, `Invalid URL (${method} ${path})`);
  };

  function finishOpenAiBatch(batch: FakeBatch): Record<string, unknown> {
    if (batch.failed) {
      if (batch.problems.length === 0) batch.problems = [{ code: 'token_limit_exceeded', message: 'Enqueued token limit reached for gpt-test.', param: null, line: null }];
      return openAiBatchObject(batch, 'failed');
    }
    if (batch.outputFileId === undefined && batch.errorFileId === undefined) {
      const output: string[] = [];
      const errors: string[] = [];
      for (const [index, line] of batch.lines.entries()) {
        const scenario = batch.cancelled ? 'cancel' : scenarioOf(options, line.customId);
        const id = `batch_req_${index + 1}`;
        if (scenario === 'succeed') {
          const body = { ...openAiSuccess, id: `chatcmpl-fake-${index + 1}`, model: line.body.model, choices: [{ ...(openAiSuccess.choices as object[])[0], message: { role: 'assistant', content: answerOf(options, line.body), refusal: null, annotations: [] } }] };
          output.push(JSON.stringify({ id, custom_id: line.customId, response: { status_code: 200, request_id: `req_${index + 1}`, body }, error: null }));
        } else if (scenario === 'fail-line') {
          // As the real error file has it: the error in the response body, `error` null.
          const body = { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } };
          errors.push(JSON.stringify({ id, custom_id: line.customId, response: { status_code: 500, request_id: `req_${index + 1}`, body }, error: null }));
        } else if (scenario === 'expire' && options.expiredLines !== 'missing') {
          errors.push(JSON.stringify({ id, custom_id: line.customId, response: null, error: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' } }));
        }
      }
      batch.succeeded = output.length;
      if (output.length > 0) batch.outputFileId = addFile(ordered(options, output).join('\n') + '\n');
      if (errors.length > 0) batch.errorFileId = addFile(ordered(options, errors).join('\n') + '\n');
    }
    return openAiBatchObject(batch, batchEnd(options, batch));
  }

  return startServer(route, files, () => batches.size);
}

export async function startFakeAnthropicBatchServer(options: FakeBatchServerOptions = {}): Promise<FakeBatchServer> {
  const batches = new Map<string, FakeBatch>();
  let origin = '';
  const invalid = (status: number, type: string, message: string): Reply => ({ status, body: { type: 'error', error: { type, message } } });

  const route: Route = (request) => {
    if (options.apiKey !== undefined && request.headers['x-api-key'] !== options.apiKey) return invalid(401, 'authentication_error', 'invalid x-api-key');
    if (request.headers['anthropic-version'] !== '2023-06-01') return invalid(400, 'invalid_request_error', 'anthropic-version: header is required');
    const { method, path } = request;
    if (method === 'POST' && path === '/v1/messages/batches') {
      if (options.scenario === 'fail-batch') return invalid(500, 'api_error', 'Internal server error');
      const body = JSON.parse(request.bodyText) as Record<string, unknown>;
      const problem = anthropicRequestsProblem(body.requests);
      if (problem) return invalid(400, 'invalid_request_error', problem);
      const lines = (body.requests as Array<{ custom_id: string; params: Record<string, unknown> }>).map((entry) => ({ customId: entry.custom_id, body: entry.params }));
      const batch: FakeBatch = { id: `msgbatch_${batches.size + 1}`, lines, polls: 0, cancelled: false, failed: false, problems: [], succeeded: 0 };
      batches.set(batch.id, batch);
      return { status: 200, body: anthropicBatchObject(batch, false) };
    }
    const batchPath = /^\/v1\/messages\/batches\/([^/]+)(\/cancel|\/results)?$/.exec(path);
    const batch = batchPath ? batches.get(decodeURIComponent(batchPath[1]!)) : undefined;
    if (!batchPath || !batch) return invalid(404, 'not_found_error', `${method} ${path} not found`);
    const action = batchPath[2];
    if (method === 'POST' && action === '/cancel') {
      batch.cancelled = true;
      return { status: 200, body: anthropicBatchObject(batch, false) };
    }
    const ended = () => batch.polls > (options.pollsUntilDone ?? 1);
    if (method === 'GET' && action === undefined) {
      batch.polls++;
      return { status: 200, body: anthropicBatchObject(batch, ended()) };
    }
    if (method === 'GET' && action === '/results') {
      if (!ended()) return invalid(400, 'invalid_request_error', 'batch is still processing');
      const lines = batch.lines.map((line) => JSON.stringify({ custom_id: line.customId, result: anthropicResult(batch, line) }));
      return { status: 200, body: ordered(options, lines).join('\n') + '\n', contentType: 'application/binary' };
    }
    return invalid(404, 'not_found_error', `${method} ${path} not found`);
  };

  function anthropicResult(batch: FakeBatch, line: FakeLine): Record<string, unknown> {
    switch (batch.cancelled ? 'cancel' : scenarioOf(options, line.customId)) {
      case 'succeed':
        return { type: 'succeeded', message: { ...anthropicSuccess, id: `msg_fake_${line.customId}`, model: line.body.model, content: [{ type: 'text', text: answerOf(options, line.body) }] } };
      case 'fail-line':
        return { type: 'errored', error: { type: 'error', error: { type: 'api_error', message: 'Internal server error' } } };
      case 'expire':
        return { type: 'expired' };
      default:
        return { type: 'canceled' };
    }
  }

  function anthropicBatchObject(batch: FakeBatch, ended: boolean): Record<string, unknown> {
    const counts = { processing: ended ? 0 : batch.lines.length, succeeded: 0, errored: 0, canceled: 0, expired: 0 };
    if (ended) {
      const names = { succeeded: 'succeeded', errored: 'errored', canceled: 'canceled', expired: 'expired' } as const;
      for (const line of batch.lines) counts[names[anthropicResult(batch, line).type as keyof typeof names]]++;
    }
    const created = new Date().toISOString();
    return {
      id: batch.id, type: 'message_batch', processing_status: ended ? 'ended' : batch.cancelled ? 'canceling' : 'in_progress',
      request_counts: counts, ended_at: ended ? created : null, created_at: created, expires_at: created, archived_at: null,
      cancel_initiated_at: batch.cancelled ? created : null,
      results_url: ended ? `${origin}/v1/messages/batches/${batch.id}/results` : null,
    };
  }

  const server = await startServer(route, new Map(), () => batches.size);
  origin = server.baseUrl.replace(/\/v1$/, '');
  return server;
}

/** Starters for a test file: each server they start is closed after each test. */
export function useFakeBatchServers(): {
  openai(options?: FakeBatchServerOptions): Promise<FakeBatchServer>;
  anthropic(options?: FakeBatchServerOptions): Promise<FakeBatchServer>;
} {
  let servers: FakeBatchServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
  });
  const keep = async (started: Promise<FakeBatchServer>) => {
    const server = await started;
    servers.push(server);
    return server;
  };
  return { openai: (options) => keep(startFakeOpenAiBatchServer(options)), anthropic: (options) => keep(startFakeAnthropicBatchServer(options)) };
}

/** Every status seen while polling (no sleeping: the fake ends after a set number of polls), the last one final. */
export async function pollUntilDone(client: BatchClient, model: ModelSpec, handle: BatchHandle, maxPolls = 10): Promise<BatchStatus[]> {
  const seen: BatchStatus[] = [];
  for (let poll = 0; poll < maxPolls; poll++) {
    const status = await client.status(model, handle);
    seen.push(status);
    if (status.state !== 'in_progress') return seen;
  }
  throw new Error(`the batch was still in progress after ${maxPolls} polls`);
}

function scenarioOf(options: FakeBatchServerOptions, customId: string): LineScenario {
  const scenario = options.scenarioFor?.(customId) ?? options.scenario ?? 'succeed';
  return scenario === 'fail-batch' ? 'succeed' : scenario;
}

/** An OpenAI batch's end: expired if a line expired, cancelled if one was, else completed. */
function batchEnd(options: FakeBatchServerOptions, batch: FakeBatch): string {
  if (batch.cancelled) return 'cancelled';
  const scenarios = batch.lines.map((line) => scenarioOf(options, line.customId));
  return scenarios.includes('expire') ? 'expired' : scenarios.includes('cancel') ? 'cancelled' : 'completed';
}

function answerOf(options: FakeBatchServerOptions, body: Record<string, unknown>): string {
  if (options.answer) return options.answer(body);
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown; content?: unknown }>) : [];
  const last = messages.filter((message) => message.role === 'user').at(-1);
  return typeof last?.content === 'string' ? last.content : '';
}

/** Reads an uploaded input file as OpenAI validates it; the problems are the failed batch's `errors`. */
function readOpenAiLines(text: string, into: FakeLine[]): Array<Record<string, unknown>> {
  const problems: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  const models = new Set<unknown>();
  for (const [index, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    const problem = (code: string, message: string) => problems.push({ code, message, param: null, line: index + 1 });
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      problem('invalid_json_line', 'This line is not parseable as valid JSON.');
      continue;
    }
    const body = line.body as Record<string, unknown> | undefined;
    if (typeof line.custom_id !== 'string') problem('missing_required_parameter', 'custom_id is required');
    else if (seen.has(line.custom_id)) problem('duplicate_custom_id', 'The custom_id for this request is a duplicate of another request.');
    else if (line.method !== 'POST' || line.url !== '/v1/chat/completions') problem('invalid_url', 'method must be POST and url must match the batch endpoint');
    else if (typeof body?.model !== 'string' || !Array.isArray(body.messages)) problem('invalid_request', 'body.model and body.messages are required');
    else {
      seen.add(line.custom_id);
      models.add(body.model);
      into.push({ customId: line.custom_id, body });
    }
  }
  if (models.size > 1) problems.push({ code: 'mismatched_model', message: 'Each input file can only include requests to a single model.', param: null, line: null });
  return problems;
}

function openAiBatchObject(batch: FakeBatch, status: string): Record<string, unknown> {
  const now = nowSeconds();
  const done = ['completed', 'expired', 'cancelled'].includes(status);
  return {
    id: batch.id, object: 'batch', endpoint: '/v1/chat/completions',
    errors: status === 'failed' ? { object: 'list', data: batch.problems } : null,
    input_file_id: batch.inputFileId, completion_window: '24h', status,
    output_file_id: done ? (batch.outputFileId ?? null) : null, error_file_id: done ? (batch.errorFileId ?? null) : null,
    created_at: now, in_progress_at: now, expires_at: now + 86_400, finalizing_at: null,
    completed_at: status === 'completed' ? now : null, failed_at: status === 'failed' ? now : null, expired_at: status === 'expired' ? now : null,
    cancelling_at: batch.cancelled ? now : null, cancelled_at: status === 'cancelled' ? now : null,
    request_counts: { total: batch.lines.length, completed: done ? batch.succeeded : 0, failed: done ? batch.lines.length - batch.succeeded : 0 }, metadata: null,
  };
}

function anthropicRequestsProblem(requests: unknown): string | undefined {
  if (!Array.isArray(requests) || requests.length === 0) return 'requests: must be a non-empty list';
  const seen = new Set<string>();
  for (const [index, entry] of (requests as Array<Record<string, unknown>>).entries()) {
    const id = entry.custom_id;
    if (typeof id !== 'string' || !/^[a-zA-Z0-9_-]{1,64}$/.test(id)) return `requests.${index}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`;
    if (seen.has(id)) return `requests.${index}.custom_id: duplicate custom_id ${id}`;
    seen.add(id);
    const params = entry.params as Record<string, unknown> | undefined;
    if (typeof params?.model !== 'string' || typeof params.max_tokens !== 'number' || !Array.isArray(params.messages)) {
      return `requests.${index}.params: model, max_tokens and messages are required`;
    }
    if ('stream' in params) return `requests.${index}.params.stream: streaming is not supported in a batch`;
  }
  return undefined;
}

/** A fixed-seed shuffle (mulberry32), so "any order" is tested without a flaky test. */
function ordered(options: FakeBatchServerOptions, lines: string[]): string[] {
  if (options.order === 'input') return lines;
  const result = [...lines];
  let seed = 0x9e3779b9;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
  for (let index = result.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [result[index], result[other]] = [result[other]!, result[index]!];
  }
  return result;
}

async function startServer(route: Route, files: Map<string, string>, batchesCreated: () => number): Promise<FakeBatchServer> {
  const received: ReceivedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const raw = Buffer.concat(chunks);
      const request = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, bodyText: raw.toString('utf8') };
      received.push(request);
      Promise.resolve()
        .then(() => route(request, raw))
        .catch((error: unknown): Reply => ({ status: 400, body: { error: { message: `fake server could not read the request: ${String(error)}` } } }))
        .then((reply) => {
          outgoing.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
          outgoing.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    received,
    files,
    batchesCreated,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
