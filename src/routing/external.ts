import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.js';
import type { ExternalSpec, ItemRouter, RoutingDecision, RoutingView } from '../types/index.js';

/**
 * Asks the team's own router which model to use. The question is one JSON
 * object, `{ id, prompt, tags, fields, models }` (`fields`: the item's input
 * fields, as the routing view has them, never its reference), the answer
 * `{ "model": "<one of models>" }`: POSTed to `url`, or written as one line
 * to a long-running `command` (started once, without a shell) that answers
 * one line per question, in order.
 */
export function createExternalRouter(spec: ExternalSpec): ItemRouter {
  return spec.url !== undefined ? httpRouter(spec, spec.url) : commandRouter(spec, spec.command!);
}

function question(view: RoutingView, models: string[]): string {
  return JSON.stringify({ id: view.id, prompt: view.prompt, tags: view.tags, fields: view.fields, models });
}

function readDecision(spec: ExternalSpec, text: string): RoutingDecision {
  let model: unknown;
  try {
    model = (JSON.parse(text) as { model?: unknown }).model;
  } catch {
    throw new UsageError(`external router of "${spec.name}" answered something that is not JSON: ${text.slice(0, 120)}`);
  }
  if (typeof model !== 'string' || !spec.models.includes(model)) {
    throw new UsageError(`external router of "${spec.name}" chose ${JSON.stringify(model)}, not one of ${spec.models.join(', ')}`);
  }
  return { model, reason: 'external' };
}

function httpRouter(spec: ExternalSpec, url: string): ItemRouter {
  return {
    async decide(view) {
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: question(view, spec.models),
          signal: AbortSignal.timeout(spec.timeoutMs),
          redirect: 'error',
        });
        // Inside the try: the timeout also covers a body that stops half way.
        text = await response.text();
      } catch (error) {
        throw new UsageError(`external router of "${spec.name}" at ${url} cannot be reached: ${(error as Error).message}`);
      }
      if (!response.ok) throw new UsageError(`external router of "${spec.name}" answered HTTP ${response.status}: ${text.slice(0, 200)}`);
      return readDecision(spec, text);
    },
  };
}

function commandRouter(spec: ExternalSpec, command: string[]): ItemRouter {
  let child: ChildProcessWithoutNullStreams | undefined;
  let exited = false;
  const waiting: Array<{ resolve(decision: RoutingDecision): void; reject(error: Error): void; timer: NodeJS.Timeout }> = [];
  let failure: Error | undefined;
  // The end of what the command wrote to stderr, for the message when it dies.
  let stderrTail = '';
  const fail = (error: Error) => {
    failure ??= error;
    for (const request of waiting.splice(0)) {
      clearTimeout(request.timer);
      request.reject(failure);
    }
  };
  const start = () => {
    // An argument list, never a shell: an item's text cannot run commands.
    const started = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    started.on('error', (error) => fail(new UsageError(`external router of "${spec.name}" could not start ${command[0]}: ${error.message}`)));
    // 'close', not 'exit': every line the command wrote before it ended has been read by then. An exit with
    // no question waiting still fails the next one, which no one would ever answer.
    started.on('close', (code, signal) => {
      exited = true;
      const said = stderrTail.trim() === '' ? '' : `: ${stderrTail.trim().split('\n').slice(-3).join(' | ')}`;
      fail(new UsageError(`external router of "${spec.name}" exited (${signal ? `signal ${signal}` : `code ${code}`}) before answering${said}`));
    });
    started.stdin.on('error', () => undefined);
    // Read, or a command that logs a lot blocks on a full pipe and never answers.
    started.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-1000);
    });
    createInterface({ input: started.stdout }).on('line', (line) => {
      const request = waiting.shift();
      if (!request) return;
      clearTimeout(request.timer);
      try {
        request.resolve(readDecision(spec, line));
      } catch (error) {
        request.reject(error as Error);
      }
    });
    return started;
  };
  return {
    decide(view) {
      if (failure) return Promise.reject(failure);
      child ??= start();
      return new Promise<RoutingDecision>((resolve, reject) => {
        // Answers are matched to questions by order: past a missed deadline none can be trusted, so the router stops.
        const timer = setTimeout(() => {
          fail(new UsageError(`external router of "${spec.name}" did not answer within ${spec.timeoutMs} ms`));
          child?.kill();
        }, spec.timeoutMs);
        waiting.push({ resolve, reject, timer });
        child!.stdin.write(`${question(view, spec.models)}\n`);
      });
    },
    async close() {
      if (!child || exited) return;
      child.stdin.end();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child?.kill();
          resolve();
        }, 2000);
        child!.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
