import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { RunStoppedError, UsageError } from '../../errors.js';
import { runSuite } from '../../runner/run-suite.js';
import { openDatabase } from '../../store/open-database.js';
import { readRunRecord, resolveRunId } from '../../store/read-run.js';
import { loadSuite } from '../../suite/load-suite.js';
import { suiteReaders } from '../suite-readers.js';
import { exitCodes } from '../exit.js';
import { printReport, type PrintReportOptions } from '../print-report.js';
import { createProgressReporter, type ProgressMode } from '../progress.js';

export interface RunCommandOptions extends PrintReportOptions {
  database: string;
  configurations?: string[];
  concurrency: number;
  limit?: number;
  seed?: number;
  repeat: number;
  cache: boolean;
  resume?: string;
  maxCostUsd?: number;
  shard?: { index: number; count: number };
  progress: ProgressMode;
  stratify?: boolean;
}

const defaultDatabase = 'results/route-bench.db';

export async function runCommand(suitePath: string | undefined, options: RunCommandOptions): Promise<number> {
  const resume = options.resume === undefined ? undefined : findRunToResume(options, suitePath);
  const path = suitePath ?? resume?.suitePath;
  if (path === undefined) throw new UsageError('name a suite file: route-bench run <suite>');
  const suite = await loadSuite(path, { readers: suiteReaders });
  if (options.database === defaultDatabase) mkdirSync(dirname(options.database), { recursive: true });
  const progress = createProgressReporter(options.progress);
  const controller = new AbortController();
  // Every call in flight listens for the stop signal; that is many listeners by design.
  setMaxListeners(0, controller.signal);
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(exitCodes.interrupted);
    process.stderr.write(`\n${signal}: finishing the calls in flight (30 s at most), then stopping; again to quit at once\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const resumeHint = (runId: number) => `route-bench run --resume ${runId}${options.database === defaultDatabase ? '' : ` --db ${options.database}`}`;
  try {
    const outcome = await runSuite(suite, {
      databasePath: options.database,
      configurations: options.configurations,
      concurrency: options.concurrency,
      limit: options.limit,
      seed: options.seed,
      repeat: options.repeat,
      useCache: options.cache,
      maxCostUsd: options.maxCostUsd,
      resumeRunId: resume?.id,
      shard: options.shard,
      signal: controller.signal,
      onProgress: (state) => progress.update(state),
      onNotice: (text) => progress.notice(text),
    }).catch((error: unknown) => {
      progress.finish();
      // One line: what stopped the run, and how to go on once it is fixed. Nothing paid is asked for again.
      if (error instanceof RunStoppedError && error.runId !== undefined) {
        throw new RunStoppedError(`run ${error.runId} stopped: ${error.message}; once fixed, continue with: ${resumeHint(error.runId)}`, error.runId);
      }
      throw error;
    });
    progress.finish();
    await printReport(options.database, outcome.runId, { ...options, stratifyByTag: options.stratify, learned: outcome.learned });
    const hint = `; continue with: ${resumeHint(outcome.runId)}`;
    if (outcome.status === 'budget_exhausted') {
      process.stderr.write(`run ${outcome.runId} stopped at the budget of $${options.maxCostUsd}: it has what finished${hint}\n`);
    } else if (outcome.status === 'interrupted') {
      process.stderr.write(`run ${outcome.runId} interrupted${hint}\n`);
    } else {
      process.stderr.write(`stored as run ${outcome.runId} in ${options.database}\n`);
    }
    return outcome.status === 'interrupted' ? exitCodes.interrupted : exitCodes.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function findRunToResume(options: RunCommandOptions, suitePath: string | undefined): { id: number; suitePath: string | undefined } {
  for (const flag of ['configurations', 'limit', 'seed', 'shard'] as const) {
    if (options[flag] !== undefined) throw new UsageError(`--resume continues a run with its own settings; drop --${flag === 'configurations' ? 'configs' : flag}`);
  }
  if (options.repeat !== 1) throw new UsageError('--resume continues a run with its own settings; drop --repeat');
  const database = openDatabase(options.database, { readonly: true });
  try {
    const id = resolveRunId(database, options.resume);
    const run = readRunRecord(database, id);
    return { id, suitePath: suitePath ?? run.suitePath ?? undefined };
  } finally {
    database.close();
  }
}
