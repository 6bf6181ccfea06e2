import type { RunStoppedError } from '../errors.js';
import type { ResultRecord, RunStatus } from '../types/index.js';
import type { Budget } from './engine/budget.js';

/**
 * A reason for the run to take no more items. The run asks every rule
 * before each item, and tells them every result it writes: a rule that
 * stops once a verdict is settled hooks in here.
 */
export interface StopRule {
  /** The status the run ends with when this rule stopped it; undefined while it lets the run go on. */
  stop(): RunStatus | undefined;
  onResult?(record: ResultRecord): void;
}

/** Ctrl-C or SIGTERM: the run is interrupted, and a resume continues it. */
export function interruptRule(signal: AbortSignal | undefined): StopRule {
  return { stop: () => (signal?.aborted ? 'interrupted' : undefined) };
}

/** The spending cap: even the money spent leaves no room for the next call. */
export function budgetRule(budget: Budget): StopRule {
  return { stop: () => (budget.exhausted ? 'budget_exhausted' : undefined) };
}

/** A provider refused the configuration or stopped answering: the calls in flight are dropped at once. */
export class ProviderStopRule implements StopRule {
  error: RunStoppedError | undefined;

  constructor(private readonly abortCalls: () => void) {}

  stopWith(error: RunStoppedError): void {
    this.error ??= error;
    this.abortCalls();
  }

  stop(): RunStatus | undefined {
    return this.error ? 'failed' : undefined;
  }
}

/** The first rule that stops the run decides its status. */
export function stoppedBy(rules: StopRule[]): RunStatus | undefined {
  for (const rule of rules) {
    const status = rule.stop();
    if (status !== undefined) return status;
  }
  return undefined;
}
