// Types of kill-trial.mjs, for the TypeScript tests that use it.

export declare const cliPath: string;

export interface SuiteOptions {
  itemCount: number;
  /** The suite's name and file name (default `kill-trials`, file `suite.yaml`). */
  name?: string;
  /** Words of the prompt, so two suites do not share answers. */
  question?: string;
  latencyMs?: number;
  latencyJitterMs?: number;
  /** A YAML mapping of the mock's fault shares. */
  faults?: string;
}

export declare function killTrialSuiteText(options: SuiteOptions): string;
/** Writes the suite into `folder`; returns its path. */
export declare function writeKillTrialSuite(folder: string, options: SuiteOptions): string;
export declare function seededRandom(seed: number): () => number;

export interface Reference {
  durationMs: number;
  /** Output by `configuration\u0000item\u0000sample`. */
  results: Map<string, string | null>;
  spentUsd: number;
  calls: number;
  failedCalls: number;
  itemCount: number;
}

export interface Snapshot {
  run: { id: number; status: string } | undefined;
  results: Map<string, string | null>;
  problems: string[];
}

export declare function snapshotAfterKill(databasePath: string, expectedResults: number): Snapshot;
export declare function checkWholeRun(databasePath: string, reference: Reference): string[];
export declare function referenceRun(options: { suitePath: string; databasePath: string; concurrency: number; itemCount: number }): Promise<Reference>;
export declare function referenceRuns(options: { folder: string; suitePath: string; concurrency: number; itemCount: number; count: number }): Promise<Reference>;

export interface KillEvent {
  delayMs: number;
  /** `killed`, or `exited <code>` when the process finished first. */
  outcome: string;
  /** `<id> <status>` of the run after the kill, or `not created`. */
  run: string;
  results: number;
}

export declare function killPhase(event: KillEvent, expectedResults: number): string;

export interface TrialOutcome {
  events: KillEvent[];
  problems: string[];
  durationMs: number;
}

export declare function killTrial(options: {
  suitePath: string;
  databasePath: string;
  reference: Reference;
  random: () => number;
  concurrency?: number;
  kills?: number;
  minDelayMs?: number;
  maxDelayMs: number;
}): Promise<TrialOutcome>;

export interface PlannedTrial extends TrialOutcome {
  index: number;
  kills: number;
  seed: number;
}

export declare function killTrials(options: {
  folder: string;
  itemCount: number;
  trials: number;
  parallel?: number;
  seed?: number;
  concurrency?: number;
  faults?: string;
}): Promise<{ reference: Reference; trials: PlannedTrial[] }>;
