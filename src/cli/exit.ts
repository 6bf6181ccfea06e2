import { ConfigError, formatProblem, ProviderError, RunStoppedError, UsageError } from '../errors.js';

/** Exit codes: the one place they are decided. */
export const exitCodes = { ok: 0, gateFailed: 1, error: 2, interrupted: 130 } as const;

/**
 * Prints an error the way a person can act on: one line per problem, no
 * stack trace unless --debug asked for one. Returns the exit code.
 */
export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) process.stderr.write(`error: ${formatProblem(problem)}\n`);
    if (error.problems.length > 1) process.stderr.write(`${error.problems.length} problems; nothing was run\n`);
  } else if (error instanceof UsageError || error instanceof ProviderError || error instanceof RunStoppedError) {
    process.stderr.write(`error: ${error.message}\n`);
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message.split('\n')[0]}${debug ? '' : ' (run with --debug for details)'}\n`);
  }
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return exitCodes.error;
}
