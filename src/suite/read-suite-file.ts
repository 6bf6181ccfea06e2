import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { decodeUtf8 } from './read-dataset.js';

/** Where the suite file is: the files it names (dataset, replays, custom checks) are relative to its folder. */
export interface SuiteFile {
  /** The path as the user gave it: problems name files relative to it. */
  shownPath: string;
  absolutePath: string;
  folder: string;
}

export function suiteFileAt(path: string): SuiteFile {
  const absolutePath = resolve(path);
  return { shownPath: path, absolutePath, folder: dirname(absolutePath) };
}

/** The suite file's text; a file that cannot be read, or is not UTF-8, is a ConfigError. */
export function readSuiteText(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolve(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'suite file not found' : code === 'EISDIR' ? 'is a folder; name the suite file (suite.yaml) in it' : `cannot read the suite file (${code})`;
    throw new ConfigError([{ location: { file: path }, message: reason }]);
  }
  // Strictly: reading as 'utf8' would turn a Latin-1 byte into U+FFFD silently.
  return decodeUtf8(bytes, path, { column: true });
}

/** A path under the working folder as a relative one, as problems and stored sources show it. */
export function relativeForDisplay(path: string): string {
  const cwd = process.cwd();
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}

/** A path the suite names (`dataset:`, `file:`): where it is, and how problems show it. */
export function suiteRelative(suiteFile: SuiteFile, written: string): { file: string; shown: string } {
  return { file: resolve(suiteFile.folder, written), shown: relativeForDisplay(resolve(dirname(suiteFile.shownPath), written)) };
}
