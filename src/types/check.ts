import type { CheckSpec } from './check-spec.js';
import type { Item } from './item.js';


/**
 * The outcome of grading one answer. `error` means "could not grade" (the
 * check could not reach a verdict); it is never counted as a fail.
 */
export type VerdictStatus = 'pass' | 'fail' | 'error';

export interface Verdict {
  status: VerdictStatus;
  /** 0..1; 1 for a pass of a binary check, 0 for fail and error. */
  score: number;
  reason: string;
}


/** What grading may know besides the output and the item. */
export interface GradeContext {
  /** A grade recorded with a replayed output (0..1), for the `recorded` check. */
  recordedScore?: number;
  /** What each `llm-judge` check's judge model answered about this output (asked before grading). */
  judgeOutputs?: Map<Check, string>;
}

/** What an `llm-judge` check asks its judge, so the runner can make the call before grading. */
export interface JudgeRequest {
  /** The judge model, a key of the suite's `models:`. */
  model: string;
  /** The item fields its prompt names (beside its own placeholders): a grading judge's that the task prompt does not show are references. */
  fields: string[];
  /** The judge's prompt for one answer to one item. */
  prompt(values: { prompt: string; answer: string; reference: string; item: Item }): string;
}

export interface Check {
  type: string;
  /**
   * True when a right answer may sit inside a sentence ("The notice period is
   * 30 days."); false when the whole output must equal the reference.
   */
  acceptsProse: boolean;
  /**
   * True when grading compares with the item's `expected`, so the suite loader
   * requires one only where a check needs it. Absent means true: a check that
   * does not say is assumed to need a reference.
   */
  needsReference?: boolean;
  /** Checks nested inside this one (`not`, `all`, `any`), so judges inside them are found. */
  children?: Check[];
  /** Set on `llm-judge` checks: the call to make before `grade`. */
  judge?: JudgeRequest;
  grade(output: string, item: Item, context?: GradeContext): Verdict;
}

/** What compiling may know besides the spec. */
export interface CompileOptions {
  /**
   * Folder that relative paths in a spec (the `module` of a custom check) are
   * resolved against: the suite's folder. Default: the working directory.
   */
  baseDir?: string;
}

export interface CheckKind {
  type: string;
  /** One line for `route-bench checks` and error messages. */
  summary: string;
  /** Keys the spec may carry besides `type`. */
  keys: readonly string[];
  /** Validates the spec and builds the check; throws CheckSpecError. */
  compile(spec: CheckSpec, compileNested: (spec: unknown, key: string) => Check, options: CompileOptions): Check;
}
