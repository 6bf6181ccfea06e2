import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** Files larger than this are refused: a log this size wants `--sample` upstream, and is read whole here. */
const maxBytes = 1024 * 1024 * 1024;

/** A file an importer reads whole, as text; a folder, a missing file or one over 1 GB is a one-line error. */
export function readInputFile(file: string): string {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new UsageError(`${file}: is a folder, not a file to import`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (size > maxBytes) throw new UsageError(`${file}: ${Math.round(size / 1e6)} MB is over the 1 GB route-bench reads at once; split it or sample it first`);
  return readFileSync(file, 'utf8');
}
