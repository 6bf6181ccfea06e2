/** Where a problem sits in a text file the user wrote. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** One thing wrong with the user's input, printed as one line. */
export interface Problem {
  location?: SourceLocation;
  /** Dotted path inside the document, such as `models.cheap.price`. */
  path?: string;
  message: string;
}

export function formatLocation(location: SourceLocation | undefined): string {
  if (!location) return '';
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

export function formatProblem(problem: Problem): string {
  const where = formatLocation(problem.location);
  const path = problem.path ? `${problem.path}: ` : '';
  return where ? `${where}: ${path}${problem.message}` : `${path}${problem.message}`;
}

/**
 * Bad configuration or data: the user can fix it. Carries every problem found,
 * so the CLI can print them all at once and exit 2.
 */
export class ConfigError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[] | string) {
    const list = typeof problems === 'string' ? [{ message: problems }] : problems;
    super(list.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
    this.problems = list;
  }
}

/** A command line that cannot be acted on (conflicting flags, unknown run id). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What went wrong with an attempt when there is no HTTP status to say it. */
export type ProviderFailureKind = 'timeout' | 'network' | 'malformed' | 'request' | 'too-large';

/** A provider answered with an error, or could not be reached. */
export class ProviderError extends Error {
  readonly status: number | undefined;
  readonly kind: ProviderFailureKind | undefined;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly url: string | undefined;
  readonly body: string | undefined;

  constructor(options: {
    message: string;
    status?: number;
    isRetryable: boolean;
    retryAfterMs?: number;
    url?: string;
    body?: string;
    kind?: ProviderFailureKind;
  }) {
    super(options.message);
    this.name = 'ProviderError';
    this.status = options.status;
    this.kind = options.kind;
    this.isRetryable = options.isRetryable;
    this.retryAfterMs = options.retryAfterMs;
    this.url = options.url;
    this.body = options.body;
  }
}

/**
 * The run cannot go on: a provider rejected the configuration itself (a bad
 * key, a model that does not exist) or stopped answering altogether. The run
 * is marked failed with this message and can be resumed once it is fixed.
 */
export class RunStoppedError extends Error {
  /** The run that was stopped, once it is known. */
  readonly runId: number | undefined;

  constructor(message: string, runId?: number) {
    super(message);
    this.name = 'RunStoppedError';
    this.runId = runId;
  }
}

/**
 * Thrown by a kind's `compile` for a spec it cannot accept. `key` names the
 * offending key of the spec, so the loader can point at its line.
 */
export class CheckSpecError extends Error {
  readonly key: string | undefined;

  constructor(message: string, key?: string) {
    super(message);
    this.name = 'CheckSpecError';
    this.key = key;
  }
}

/** A replay provider's answer for an item it has no record of, with `on_missing: skip`. */
export class MissingRecordError extends Error {
  constructor(modelName: string, itemId: string) {
    super(`no recorded output of model "${modelName}" for item "${itemId}"`);
    this.name = 'MissingRecordError';
  }
}

/** The calls in flight were aborted (Ctrl-C, a run that must stop): the item gets no result, and a resume asks again. */
export class CallAbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'CallAbortedError';
  }
}
