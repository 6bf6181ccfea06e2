import type { EngineStats } from './engine/types.js';

export interface RunProgress {
  done: number;
  total: number;
  passed: number;
  /** Answers already done when this process started (a resume): the rate, and so the ETA, is over the rest. */
  doneBefore: number;
  /** Attempts that failed so far (retried or not), answers waiting to retry now, and what this process paid. */
  failedAttempts: number;
  retriesWaiting: number;
  spentUsd: number;
}

/** Counts results as they are written and tells them, with what the calls are doing, to whoever watches. */
export class ProgressTracker {
  readonly progress: RunProgress;

  constructor(total: number, doneBefore: number, private readonly stats: EngineStats, private readonly onProgress?: (progress: RunProgress) => void) {
    this.progress = { done: doneBefore, total, passed: 0, doneBefore, failedAttempts: 0, retriesWaiting: 0, spentUsd: 0 };
  }

  counted(passed: boolean): void {
    this.progress.done++;
    if (passed) this.progress.passed++;
  }

  tell(): void {
    this.progress.failedAttempts = this.stats.failedAttempts;
    this.progress.retriesWaiting = this.stats.retriesWaiting;
    this.progress.spentUsd = this.stats.spentUsd;
    this.onProgress?.(this.progress);
  }
}
