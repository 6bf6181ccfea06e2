import type { RunProgress } from '../runner/run-suite.js';
import type { progressModes } from './option-values.js';

export type ProgressMode = (typeof progressModes)[number];

export interface ProgressReporter {
  update(progress: RunProgress): void;
  /** A line to show now, above the bar. */
  notice(text: string): void;
  finish(): void;
}

/**
 * Progress on stderr: a redrawn bar on a terminal, a plain line every few
 * seconds elsewhere (CI logs), nothing with `none`. Failed attempts, retries
 * waiting and money spent are shown beside the count, so a provider that is
 * failing is seen rather than taken for a slow one.
 */
export function createProgressReporter(mode: ProgressMode): ProgressReporter {
  const stream = process.stderr;
  const resolved = mode === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : mode;
  const startedAt = Date.now();
  let lastDrawn = 0;
  let last: RunProgress | undefined;
  const line = (progress: RunProgress) => describeProgress(progress, (Date.now() - startedAt) / 1000);
  return {
    update(progress) {
      last = progress;
      const now = Date.now();
      if (resolved === 'none') return;
      if (resolved === 'bar' && now - lastDrawn >= 80) {
        const width = 28;
        const filled = progress.total === 0 ? width : Math.min(width, Math.round((width * progress.done) / progress.total));
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(progress)}\u001b[K`);
        lastDrawn = now;
      } else if (resolved === 'lines' && now - lastDrawn >= 5000) {
        stream.write(`progress: ${line(progress)}\n`);
        lastDrawn = now;
      }
    },
    notice(text) {
      if (resolved === 'none') return;
      stream.write(resolved === 'bar' ? `\r${text}\u001b[K\n` : `${text}\n`);
      lastDrawn = 0;
    },
    finish() {
      if (resolved === 'none' || !last) return;
      if (resolved === 'bar') stream.write(`\r${line(last)}\u001b[K\n`);
      else stream.write(`progress: ${line(last)}\n`);
    },
  };
}

/** One line of progress; the ETA is from the rate of this process's own answers. */
export function describeProgress(progress: RunProgress, elapsedSeconds: number): string {
  const share = progress.total === 0 ? 1 : progress.done / progress.total;
  const parts = [`${progress.done}/${progress.total} answers (${(100 * share).toFixed(0)}%)`, `${progress.passed} passed`];
  if (progress.failedAttempts > 0) parts.push(`${progress.failedAttempts} failed attempts`);
  if (progress.retriesWaiting > 0) parts.push(`${progress.retriesWaiting} waiting to retry`);
  parts.push(`$${formatUsd(progress.spentUsd)} spent`, `${elapsedSeconds.toFixed(1)} s`);
  const doneHere = progress.done - progress.doneBefore;
  const left = progress.total - progress.done;
  if (doneHere > 0 && left > 0 && elapsedSeconds > 0) parts.push(`ETA ${formatDuration((left * elapsedSeconds) / doneHere)}`);
  return parts.join(', ');
}

function formatUsd(usd: number): string {
  if (usd === 0) return '0';
  return usd >= 1 ? usd.toFixed(2) : usd.toPrecision(2);
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
