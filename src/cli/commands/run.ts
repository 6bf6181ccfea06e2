import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { buildReport, renderTable } from '../../report/index.js';
import { runSuite } from '../../runner/run-suite.js';
import { openDatabase } from '../../store/open-database.js';
import { readRunData } from '../../store/read-run.js';
import { loadSuite } from '../../suite/load-suite.js';
import { exitCodes } from '../exit.js';
import { createProgressReporter, type ProgressMode } from '../progress.js';

export interface RunCommandOptions {
  database: string;
  configurations?: string[];
  concurrency: number;
  limit?: number;
  seed?: number;
  repeat: number;
  cache: boolean;
  progress: ProgressMode;
  format: 'table' | 'json';
}

export async function runCommand(suitePath: string, options: RunCommandOptions): Promise<number> {
  const suite = await loadSuite(suitePath);
  if (options.database === 'results/route-bench.db') mkdirSync(dirname(options.database), { recursive: true });
  const progress = createProgressReporter(options.progress);
  const controller = new AbortController();
  // Every call in flight listens for the stop signal; that is many listeners by design.
  setMaxListeners(0, controller.signal);
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(exitCodes.interrupted);
    process.stderr.write(`\n${signal}: finishing the calls in flight, then stopping (again to quit at once)\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const outcome = await runSuite(suite, {
      databasePath: options.database,
      configurations: options.configurations,
      concurrency: options.concurrency,
      limit: options.limit,
      seed: options.seed,
      repeat: options.repeat,
      useCache: options.cache,
      signal: controller.signal,
      onProgress: (state) => progress.update(state),
    });
    progress.finish();
    const database = openDatabase(options.database, { readonly: true });
    try {
      const report = buildReport(readRunData(database, outcome.runId));
      process.stdout.write(options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : `${renderTable(report)}\n`);
    } finally {
      database.close();
    }
    process.stderr.write(`stored as run ${outcome.runId} in ${options.database}\n`);
    return outcome.status === 'interrupted' ? exitCodes.interrupted : exitCodes.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
