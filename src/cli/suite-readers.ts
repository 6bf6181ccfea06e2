import { readReplayFromRun } from '../store/replay-from-run.js';
import type { SuiteReaders } from '../suite/load-suite.js';

/** What the commands that load a suite read through the store: the loader itself opens no database. */
export const suiteReaders: SuiteReaders = { storedAnswers: readReplayFromRun };
