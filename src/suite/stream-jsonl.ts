import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import type { Hash } from 'node:crypto';
import { ConfigError, type Problem } from '../errors.js';
import { decodeUtf8, maxLineBytes, parseJsonLine, type DatasetRow } from './read-dataset.js';

/** Bytes read at a time: large enough that reading costs nothing next to parsing. */
const chunkBytes = 1 << 20;

/**
 * The rows of a JSONL file, read a chunk at a time so that a dataset of a
 * million items is never held in memory. Problems (a bad line) go to
 * `onProblem` as they are met; bytes to `hash` when given. A file that is not
 * UTF-8 is a ConfigError naming the line, as for a file read whole.
 */
export function* streamJsonLines(file: string, displayName: string, onProblem: (problem: Problem) => void, hash?: Hash): Generator<DatasetRow> {
  const descriptor = openSync(file, 'r');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const buffer = Buffer.allocUnsafe(chunkBytes);
  let pending = '';
  let lineNumber = 0;
  let first = true;
  try {
    for (;;) {
      const read = readSync(descriptor, buffer, 0, chunkBytes, null);
      const done = read === 0;
      let text: string;
      try {
        text = done ? decoder.decode() : decoder.decode(buffer.subarray(0, read), { stream: true });
      } catch {
        // The precise place of the bad byte needs the whole file; this only happens on a broken file.
        decodeUtf8(readFileSync(file), displayName);
        throw new ConfigError([{ location: { file: displayName }, message: 'is not valid UTF-8; save the file as UTF-8' }]);
      }
      if (!done) hash?.update(buffer.subarray(0, read));
      if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
      pending += text;
      let start = 0;
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
        const row = parseJsonLine(pending.slice(start, end), ++lineNumber, displayName);
        start = end + 1;
        if (row === undefined) continue;
        if ('message' in row) onProblem(row);
        else yield row;
      }
      pending = pending.slice(start);
      if (pending.length > maxLineBytes) {
        // A line this long is refused; skip to its end without holding it.
        onProblem({ location: { file: displayName, line: lineNumber + 1 }, message: `line ${lineNumber + 1} is longer than 10 MB; an item this large is a broken file, not a prompt` });
        pending = '';
        yield* [];
        return;
      }
      if (done) break;
    }
    const last = parseJsonLine(pending, ++lineNumber, displayName);
    if (last !== undefined) {
      if ('message' in last) onProblem(last);
      else yield last;
    }
  } finally {
    closeSync(descriptor);
  }
}
