import { ProviderError, RunStoppedError } from '../../errors.js';
import type { BatchClient, BatchHandle, BatchLine, BatchOutcome } from '../../providers/batch/types.js';
import { httpIdentity } from '../../providers/http.js';
import type { GenerateResult, ModelSpec } from '../../types/index.js';
import type { Attempter, AttemptRequest } from './types.js';

/** Both providers document half the price for a batch (OpenAI Batch API, Anthropic Message Batches); the bundled price data has no batch prices. */
export const batchDiscount = 0.5;

/** How long a ready wave waits for the requests still on their way (an item's other configurations). */
const settleMs = 20;

/** What the queue keeps in the database: every batch the moment its id exists, so a resume polls it rather than paying again. */
export interface BatchLedger {
  /** A batch of this model not yet read back whose requests include `customId`: a resumed run polls it. */
  inFlight(modelName: string, customId: string): BatchHandle | undefined;
  created(modelName: string, handle: Partial<BatchHandle> & { provider: BatchHandle['provider'] }, customIds: readonly string[]): void;
  finished(handle: BatchHandle, state: string, counts: Record<string, number | undefined>): void;
}

interface Waiter {
  resolve(result: GenerateResult): void;
  reject(error: Error): void;
  itemId: string;
}

interface Pending {
  model: ModelSpec;
  line: BatchLine;
  waiters: Waiter[];
}

export interface BatchQueueOptions {
  clients: Partial<Record<'openai' | 'anthropic', BatchClient>>;
  ledger: BatchLedger;
  /** Between two looks at a batch's status. */
  pollMs: number;
  signal?: AbortSignal;
  onNotice?(text: string): void;
  sleep?(ms: number): Promise<void>;
}

/**
 * `run --batch`: the answers of a wave go to the providers' batch APIs at
 * half price. Each attempt of an OpenAI or Anthropic model is queued (by
 * its cache key, so identical requests are one line); once every item of
 * the wave is done or waiting on the queue, the queue sends one batch per
 * model (split by the provider's limits), polls it, and hands each line's
 * answer to the attempt that asked, as a live call would. A line that
 * failed or expired is a retryable failure: the engine's retries put it in
 * the next batch (or, with `--batch-fallback live`, ask it live). A batch
 * already stored as in flight (a run killed while it was) is polled, never
 * sent again.
 */
export class BatchQueue {
  private readonly pending = new Map<string, Pending>();
  private readonly waitingItems = new Map<string, number>();
  private waveSize = 0;
  private done = 0;
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** Batches sent (and polled from before), lines answered and lines failed or expired (each asked again, or given up), by this process. */
  readonly stats = { batches: 0, resumed: 0, lines: 0, failedLines: 0 };

  constructor(private readonly options: BatchQueueOptions) {}

  supports(provider: string): boolean {
    return provider === 'openai' || provider === 'anthropic' ? this.options.clients[provider] !== undefined : false;
  }

  /** The attempter a batched model answers through: no slot, no rate limit, its answer when its batch ends. */
  attempter(): Attempter {
    return {
      attempt: (request) => this.enqueue(request),
      identity: ({ model }) => httpIdentity(model),
      paid: true,
      batched: true,
    };
  }

  /** A wave of `size` items starts: its batches go out once each is done or waiting. */
  beginWave(size: number): void {
    this.waveSize = size;
    this.done = 0;
  }

  itemDone(): void {
    this.done++;
    this.check();
  }

  private enqueue(request: AttemptRequest): Promise<GenerateResult> {
    if (request.signal?.aborted) return Promise.reject(new Error('aborted'));
    return new Promise((resolve, reject) => {
      const customId = request.key;
      let entry = this.pending.get(customId);
      if (!entry) {
        entry = { model: request.model, line: { customId, messages: request.messages }, waiters: [] };
        this.pending.set(customId, entry);
      }
      entry.waiters.push({ resolve, reject, itemId: request.item.id });
      this.waitingItems.set(request.item.id, (this.waitingItems.get(request.item.id) ?? 0) + 1);
      this.check();
    });
  }

  /**
   * Every item of the wave done or waiting: nothing more will come without an answer, so send, once the
   * requests an item's other configurations are still making (a few promise turns away) have joined; a
   * second after the last request anyway.
   */
  private check(): void {
    if (this.pending.size === 0 || this.flushing) return;
    const ready = this.waitingItems.size + this.done >= this.waveSize;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.pending.size > 0 && !this.flushing) this.startFlush();
    }, ready ? settleMs : 1_000);
  }

  private startFlush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      this.check();
    });
  }

  private async flush(): Promise<void> {
    const taken = [...this.pending.values()];
    this.pending.clear();
    const byModel = new Map<string, Pending[]>();
    for (const entry of taken) {
      const entries = byModel.get(entry.model.name);
      if (entries) entries.push(entry);
      else byModel.set(entry.model.name, [entry]);
    }
    await Promise.all([...byModel.values()].map((entries) => this.sendModel(entries)));
  }

  private async sendModel(entries: Pending[]): Promise<void> {
    const model = entries[0]!.model;
    const client = this.options.clients[model.provider as 'openai' | 'anthropic']!;
    try {
      // A resumed run: lines a stored batch already holds are read from it.
      const resumed = new Map<string, { handle: BatchHandle; entries: Pending[] }>();
      const fresh: Pending[] = [];
      for (const entry of entries) {
        const handle = this.options.ledger.inFlight(model.name, entry.line.customId);
        if (handle) {
          const group = resumed.get(handle.batchId) ?? { handle, entries: [] };
          group.entries.push(entry);
          resumed.set(handle.batchId, group);
        } else fresh.push(entry);
      }
      const jobs: Array<Promise<void>> = [...resumed.values()].map(({ handle, entries: held }) => {
        this.stats.resumed++;
        this.options.onNotice?.(`model "${model.name}": polling batch ${handle.batchId}, sent before this process started`);
        return this.await(client, model, handle, held);
      });
      for (const chunk of chunks(fresh, client.limits)) jobs.push(this.submit(client, model, chunk));
      await Promise.all(jobs);
    } catch (error) {
      for (const entry of entries) for (const waiter of entry.waiters) this.answer(waiter, undefined, error as Error);
    }
  }

  private async submit(client: BatchClient, model: ModelSpec, entries: Pending[]): Promise<void> {
    const customIds = entries.map((entry) => entry.line.customId);
    this.stats.batches++;
    const handle = await client.submit(model, entries.map((entry) => entry.line), (partial) => this.options.ledger.created(model.name, partial, customIds), this.options.signal);
    await this.await(client, model, handle, entries);
  }

  private async await(client: BatchClient, model: ModelSpec, handle: BatchHandle, entries: Pending[]): Promise<void> {
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    let status = await client.status(model, handle, this.options.signal);
    while (status.state === 'in_progress') {
      if (this.options.signal?.aborted) throw new Error('aborted: the run was stopping; a resume polls the batch');
      await sleep(this.options.pollMs);
      status = await client.status(model, handle, this.options.signal);
    }
    if (status.state === 'failed') {
      this.options.ledger.finished(handle, status.state, status.counts);
      throw new RunStoppedError(`model "${model.name}": batch ${handle.batchId} failed${status.message ? `: ${status.message}` : ''}`);
    }
    const outcomes = new Map<string, BatchOutcome>();
    for (const outcome of await client.results(model, handle, this.options.signal)) outcomes.set(outcome.customId, outcome);
    this.options.ledger.finished(handle, status.state, status.counts);
    if (status.state === 'cancelled') this.options.onNotice?.(`model "${model.name}": batch ${handle.batchId} was cancelled; its unanswered lines are retried`);
    for (const entry of entries) {
      const outcome = outcomes.get(entry.line.customId);
      if (outcome?.ok) this.stats.lines++;
      else this.stats.failedLines++;
      const error = !outcome
        ? new ProviderError({ message: `batch ${handle.batchId} has no result for this request (${status.state})`, isRetryable: true, kind: 'network' })
        : outcome.ok ? undefined : new ProviderError({ message: `batch ${handle.batchId}: ${outcome.kind}: ${outcome.error}`, isRetryable: outcome.retryable || outcome.kind !== 'errored' });
      for (const waiter of entry.waiters) this.answer(waiter, outcome?.ok ? outcome.result : undefined, error);
    }
  }

  private answer(waiter: Waiter, result: GenerateResult | undefined, error: Error | undefined): void {
    const left = (this.waitingItems.get(waiter.itemId) ?? 1) - 1;
    if (left <= 0) this.waitingItems.delete(waiter.itemId);
    else this.waitingItems.set(waiter.itemId, left);
    if (result) waiter.resolve(result);
    else waiter.reject(error ?? new Error('no answer'));
  }
}

/** Lines split by the provider's limits on requests and bytes per batch. */
function chunks(entries: Pending[], limits: BatchClient['limits']): Pending[][] {
  const result: Pending[][] = [];
  let current: Pending[] = [];
  let bytes = 0;
  for (const entry of entries) {
    // An estimate of the line: its messages as JSON, with room for the request's envelope.
    const size = Buffer.byteLength(JSON.stringify(entry.line.messages)) + 512;
    if (current.length > 0 && (current.length >= limits.maxRequests || bytes + size > limits.maxBytes)) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) result.push(current);
  return result;
}
