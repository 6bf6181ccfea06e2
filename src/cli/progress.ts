import type { RunProgress } from '../runner/run-suite.js';

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none';

/**
 * Progress on stderr: a redrawn bar on a terminal, a plain line every few
 * seconds elsewhere (CI logs), nothing with `none`.
 */
export function createProgressReporter(mode: ProgressMode): { update(progress: RunProgress): void; finish(): void } {
  const stream = process.stderr;
  const resolved = mode === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : mode;
  const startedAt = Date.now();
  let lastDrawn = 0;
  let last: RunProgress | undefined;
  const line = (progress: RunProgress) => {
    const share = progress.total === 0 ? 1 : progress.done / progress.total;
    const seconds = (Date.now() - startedAt) / 1000;
    return `${progress.done}/${progress.total} answers (${(100 * share).toFixed(0)}%), ${progress.passed} passed, ${seconds.toFixed(1)} s`;
  };
  return {
    update(progress) {
      last = progress;
      const now = Date.now();
      if (resolved === 'none') return;
      if (resolved === 'bar' && now - lastDrawn >= 80) {
        const width = 28;
        const filled = progress.total === 0 ? width : Math.round((width * progress.done) / progress.total);
        stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(progress)}\u001b[K`);
        lastDrawn = now;
      } else if (resolved === 'lines' && now - lastDrawn >= 5000) {
        stream.write(`progress: ${line(progress)}\n`);
        lastDrawn = now;
      }
    },
    finish() {
      if (resolved === 'none' || !last) return;
      if (resolved === 'bar') stream.write(`\r${line(last)}\u001b[K\n`);
      else stream.write(`progress: ${line(last)}\n`);
    },
  };
}
