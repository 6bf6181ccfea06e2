import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordedResponse } from '../../providers/__fixtures__/fake-server.js';

/** What the fake server does with one chat request: the answer text, or an HTTP error to send. */
export type ChatBehaviour = (prompt: string, model: string) =>
  | { content: string; served?: ServedAs }
  | { status: number; error: { message: string; type: string; code: string | null }; headers?: Record<string, string> }
  | 'hang';

/** What a router behind the endpoint says of an answer: the `model` it chose, and usage fields beside the token counts (OpenRouter's `cost`). */
export interface ServedAs {
  model: string;
  usage?: Record<string, unknown>;
}

export interface FakeOpenAi {
  /** `http://127.0.0.1:<port>/v1`: the base_url of a suite's model. */
  baseUrl: string;
  port: number;
  /** Every chat request received, answered or not. */
  requests: Array<{ prompt: string; model: string; authorization: string | undefined }>;
  /** Requests it sent a 200 for. */
  answered: number;
  behaviour: ChatBehaviour;
  /** Stops listening and drops every connection: clients see their connections refused. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/**
 * A local server that speaks OpenAI's Chat Completions wire format: success
 * bodies are the recorded real response with the content and usage replaced,
 * errors are `{ error: { message, type, param, code } }` as the API sends them.
 */
export async function startFakeOpenAi(behaviour: ChatBehaviour, options: { latencyMs?: number; port?: number } = {}): Promise<FakeOpenAi> {
  const template = JSON.parse(recordedResponse('openai.chat_completion.success.json')) as Record<string, unknown>;
  let server: Server | undefined;
  const fake: FakeOpenAi = {
    baseUrl: '',
    port: options.port ?? 0,
    requests: [],
    answered: 0,
    behaviour,
    async stop() {
      const closing = server;
      server = undefined;
      if (!closing) return;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    async start() {
      const listening = createServer((incoming, outgoing) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: Array<{ content: string }> };
          const prompt = body.messages.at(-1)!.content;
          fake.requests.push({ prompt, model: body.model, authorization: incoming.headers.authorization });
          const reply = fake.behaviour(prompt, body.model);
          if (reply === 'hang') return;
          const send = () => respond(outgoing, reply, body.model, template, () => fake.answered++);
          if (options.latencyMs) setTimeout(send, options.latencyMs);
          else send();
        });
      });
      await new Promise<void>((resolve) => listening.listen(fake.port, '127.0.0.1', resolve));
      fake.port = (listening.address() as AddressInfo).port;
      fake.baseUrl = `http://127.0.0.1:${fake.port}/v1`;
      server = listening;
    },
  };
  await fake.start();
  return fake;
}

function respond(outgoing: ServerResponse, reply: Exclude<ReturnType<ChatBehaviour>, 'hang'>, model: string, template: Record<string, unknown>,
  onAnswered: () => void): void {
  if (outgoing.destroyed) return;
  if ('status' in reply) {
    outgoing.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    outgoing.end(JSON.stringify({ error: { ...reply.error, param: null } }));
    return;
  }
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  const body = {
    ...template,
    model: reply.served?.model ?? model,
    choices: [{ index: 0, message: { role: 'assistant', content: reply.content, refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: 20, completion_tokens: words(reply.content), total_tokens: 20 + words(reply.content),
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 }, ...reply.served?.usage },
  };
  outgoing.writeHead(200, { 'content-type': 'application/json' });
  outgoing.end(JSON.stringify(body), () => onAnswered());
}

/** The item number in a prompt written as `Item <n>: ...`. */
export function itemNumber(prompt: string): number {
  const match = /Item (\d+):/.exec(prompt);
  if (!match) throw new Error(`the fake server got a prompt without an item number: ${prompt}`);
  return Number(match[1]);
}

/** OpenAI's answer to a prompt longer than the model takes. */
export const contextLengthExceeded = {
  status: 400,
  error: {
    message: "This model's maximum context length is 8192 tokens. However, your messages resulted in 9120 tokens. Please reduce the length of the messages.",
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
  },
};

/** OpenAI's answer to a wrong key. */
export const invalidApiKey = {
  status: 401,
  error: { message: 'Incorrect API key provided: sk-wrong. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key' },
};
