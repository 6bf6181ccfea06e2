import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.js';
import type { ExternalSpec } from '../suite/types.js';
import type { ItemRouter, RoutingDecision, RoutingInput } from './types.js';

/**
 * Asks the team's own router which model to use. The question is one JSON
 * object, `{ id, prompt, tags, fields, models }`, the answer `{ "model":
 * "<one of models>" }`: POSTed to `url`, or written as one line to a
 * long-running `command` (started once, without a shell) that answers one
 * line per question, in order.
 */
export function createExternalRouter(spec: ExternalSpec): ItemRouter {
  return spec.url !== undefined ? httpRouter(spec, spec.url) : commandRouter(spec, spec.command!);
}

function question(input: RoutingInput, models: string[]): string {
  return JSON.stringify({ id: input.item.id, prompt: input.prompt, tags: input.item.tags, fields: input.item.fields, models });
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
    async decide(input) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: question(input, spec.models),
          signal: AbortSignal.timeout(spec.timeoutMs),
          redirect: 'error',
        });
      } catch (error) {
        throw new UsageError(`external router of "${spec.name}" at ${url} cannot be reached: ${(error as Error).message}`);
      }
      const text = await response.text();
      if (!response.ok) throw new UsageError(`external router of "${spec.name}" answered HTTP ${response.status}: ${text.slice(0, 200)}`);
      return readDecision(spec, text);
    },
  };
}

function commandRouter(spec: ExternalSpec, command: string[]): ItemRouter {
  let child: ChildProcessWithoutNullStreams | undefined;
  const waiting: Array<{ resolve(decision: RoutingDecision): void; reject(error: Error): void }> = [];
  let failure: Error | undefined;
  const fail = (error: Error) => {
    failure ??= error;
    for (const request of waiting.splice(0)) request.reject(failure);
  };
  const start = () => {
    // An argument list, never a shell: an item's text cannot run commands.
    const started = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], shell: false });
    started.on('error', (error) => fail(new UsageError(`external router of "${spec.name}" could not start ${command[0]}: ${error.message}`)));
    started.on('exit', (code) => {
      if (waiting.length > 0) fail(new UsageError(`external router of "${spec.name}" exited (code ${code}) before answering`));
    });
    started.stdin.on('error', () => undefined);
    createInterface({ input: started.stdout }).on('line', (line) => {
      const request = waiting.shift();
      if (!request) return;
      try {
        request.resolve(readDecision(spec, line));
      } catch (error) {
        request.reject(error as Error);
      }
    });
    return started;
  };
  return {
    decide(input) {
      if (failure) return Promise.reject(failure);
      child ??= start();
      return new Promise<RoutingDecision>((resolve, reject) => {
        waiting.push({ resolve, reject });
        child!.stdin.write(`${question(input, spec.models)}\n`);
      });
    },
    async close() {
      if (!child) return;
      child.stdin.end();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child?.kill();
          resolve();
        }, 2000);
        child!.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
