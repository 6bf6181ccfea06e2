import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { RunStoppedError, UsageError } from '../../errors.js';
import type { RunRequest } from '../../runner/run-settings.js';
import { runSuite, type RunOptions } from '../../runner/run-suite.js';
import { openDatabase } from '../../store/open-database.js';
import { readRunRecord, resolveRunId } from '../../store/read-run.js';
import { loadSuite } from '../../suite/load-suite.js';
import { suiteReaders } from '../suite-readers.js';
import { exitCodes } from '../exit.js';
import { progressModes } from '../option-values.js';
import { printReport, printReportOptions, reportFlags } from '../print-report.js';
import { createProgressReporter } from '../progress.js';

/** `route-bench run`'s argument and flags, as commander parses them (main.ts declares them). */
const runFlags = z.strictObject({
  suite: z.string().optional(),
  db: z.string(),
  configs: z.array(z.string()).optional(),
  concurrency: z.number(),
  limit: z.number().optional(),
  sample: z.number().optional(),
  sampleByTag: z.boolean().optional(),
  seed: z.number().optional(),
  repeat: z.number(),
  cache: z.boolean(),
  resume: z.string().optional(),
  maxCostUsd: z.number().optional(),
  shard: z.object({ index: z.number(), count: z.number() }).optional(),
  untilSettled: z.boolean().optional(),
  batch: z.boolean().optional(),
  batchFallback: z.enum(['batch', 'live']).optional(),
  wave: z.number().optional(),
  maxItems: z.number().optional(),
  progress: z.enum(progressModes),
  ...reportFlags.shape,
});

type RunFlags = z.output<typeof runFlags>;

/** What the command line says of the run itself, in the runner's own terms; the rest of `RunOptions` is the process's. */
type RunnerSettings = RunRequest & Pick<RunOptions, 'concurrency'>;

/** The flags that shape a new run; a resumed run keeps the settings it started with. */
const newRunFlags = ['configs', 'limit', 'sample', 'seed', 'shard', 'untilSettled', 'batch'] as const;

/** The command line of `run`, validated once: the runner's settings, the report's, and where the run and its database are. */
export const runCommandLine = runFlags
  .superRefine((flags, context) => {
    if (flags.sampleByTag && flags.sample === undefined) context.addIssue({ code: 'custom', message: '--sample-by-tag shapes a --sample: add --sample N' });
    if (flags.sample !== undefined && flags.limit !== undefined) {
      context.addIssue({ code: 'custom', message: '--sample and --limit both choose the items: give one (--sample N is a seeded random N, --limit N the first N)' });
    }
    if (flags.resume !== undefined && (flags.wave !== undefined || flags.maxItems !== undefined || flags.batchFallback !== undefined)) {
      context.addIssue({ code: 'custom', message: '--resume continues a run with its own waves and batches; drop --wave, --max-items and --batch-fallback' });
      return;
    }
    if (!flags.untilSettled && flags.maxItems !== undefined) context.addIssue({ code: 'custom', message: '--max-items shapes --until-settled: add it' });
    if (!flags.untilSettled && !flags.batch && flags.wave !== undefined) context.addIssue({ code: 'custom', message: '--wave shapes --until-settled or --batch: add one' });
    if (!flags.batch && flags.batchFallback !== undefined) context.addIssue({ code: 'custom', message: '--batch-fallback shapes --batch: add it' });
    // Each shard would stop on its own verdict over its own items, and no merge could join those into one valid sequence.
    if (flags.untilSettled && flags.shard) context.addIssue({ code: 'custom', message: '--until-settled stops on the verdict over all the items taken: run it unsharded (a shard would stop on its own part)' });
    if (flags.resume === undefined) return;
    const given = newRunFlags.find((flag) => flags[flag] !== undefined) ?? (flags.repeat !== 1 ? 'repeat' : undefined);
    // The flag as written: --until-settled, not the option's name.
    const flag = given?.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    if (given !== undefined) context.addIssue({ code: 'custom', message: `--resume continues a run with its own settings; drop --${flag}` });
  })
  .transform((flags) => ({
    suitePath: flags.suite,
    resume: flags.resume,
    // The run writes it, a resume reads it and the report is built from it.
    database: flags.db,
    run: runnerSettings(flags),
    report: printReportOptions(flags),
    progress: flags.progress,
  }));

export type RunCommandOptions = z.output<typeof runCommandLine>;

function runnerSettings(flags: RunFlags): RunnerSettings {
  return { configurations: flags.configs, concurrency: flags.concurrency, limit: flags.limit, seed: flags.seed, repeat: flags.repeat,
    useCache: flags.cache, maxCostUsd: flags.maxCostUsd, shard: flags.shard,
    // The same default as simulate --until-settled, so the two stop at the same item.
    untilSettled: flags.untilSettled ? { wave: flags.wave ?? 50, maxItems: flags.maxItems } : undefined,
    batch: flags.batch ? { fallback: flags.batchFallback ?? 'batch', wave: flags.untilSettled ? undefined : flags.wave } : undefined,
    sample: flags.sample === undefined ? undefined : { size: flags.sample, stratify: flags.sampleByTag ?? false } };
}

const defaultDatabase = 'results/route-bench.db';

export async function runCommand(options: RunCommandOptions): Promise<number> {
  const resume = options.resume === undefined ? undefined : findRunToResume(options.database, options.resume, options.suitePath);
  const path = options.suitePath ?? resume?.suitePath;
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
      ...options.run,
      databasePath: options.database,
      resumeRunId: resume?.id,
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
    await printReport(options.database, outcome.runId, { ...options.report, learned: outcome.learned });
    const hint = `; continue with: ${resumeHint(outcome.runId)}`;
    if (outcome.status === 'budget_exhausted') {
      process.stderr.write(`run ${outcome.runId} stopped at the budget of $${options.run.maxCostUsd}: it has what finished${hint}\n`);
    } else if (outcome.status === 'interrupted') {
      process.stderr.write(`run ${outcome.runId} interrupted${hint}\n`);
    } else {
      if (outcome.batches) {
        const { batches, resumed, lines, failedLines } = outcome.batches;
        process.stderr.write(`batches: ${batches} sent${resumed > 0 ? `, ${resumed} polled from before` : ''}, ${lines} lines answered at the batch price${failedLines > 0 ? `, ${failedLines} failed or expired (asked again)` : ''}\n`);
      }
      process.stderr.write(`stored as run ${outcome.runId} in ${options.database}\n`);
    }
    return outcome.status === 'interrupted' ? exitCodes.interrupted : exitCodes.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function findRunToResume(databasePath: string, reference: string, suitePath: string | undefined): { id: number; suitePath: string | undefined } {
  const database = openDatabase(databasePath, { readonly: true });
  try {
    const id = resolveRunId(database, reference);
    const run = readRunRecord(database, id);
    return { id, suitePath: suitePath ?? run.suitePath ?? undefined };
  } finally {
    database.close();
  }
}
