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
  /** Set by a `pairwise` check: the answer against the reference answer, judged in both orders. */
  pairwise?: PairwiseOutcome;
}

/**
 * A pairwise judgement: `win` when the judge preferred the answer in both
 * orders, `loss` when it preferred the reference in both, else `tie`.
 * `split`: the two orders disagreed (the judge's own noise, a tie here).
 */
export interface PairwiseOutcome {
  outcome: 'win' | 'tie' | 'loss';
  split: boolean;
  /** The answer is the reference's own text: a tie, with no judge asked. */
  same?: boolean;
}


/** What grading may know besides the output and the item. */
export interface GradeContext {
  /** A grade recorded with a replayed output (0..1), for the `recorded` check. */
  recordedScore?: number;
  /** What each `llm-judge` check's judge model answered about this output (asked before grading). */
  judgeOutputs?: Map<Check, string>;
  /** A judge that asks twice (`pairwise`, the two answers swapped): its reply to the swapped prompt. */
  swappedJudgeOutputs?: Map<Check, string>;
  /** The answer of each model a check takes its reference from (`reference: { model }`); undefined when it gave none. */
  references?: ReadonlyMap<string, string | undefined>;
}

/** What an `llm-judge` check asks its judge, so the runner can make the call before grading. */
export interface JudgeRequest {
  /** The judge model, a key of the suite's `models:`. */
  model: string;
  /** The item fields its prompt names (beside its own placeholders): a grading judge's that the task prompt does not show are references. */
  fields: string[];
  /** The judge's prompt for one answer to one item. */
  prompt(values: JudgeValues): string;
  /** A second prompt, the same question with the answers' places swapped (`pairwise`): asked too, its reply in `swappedJudgeOutputs`. */
  swapped?(values: JudgeValues): string;
  /** True when no judge need be asked (the answer is the reference itself): the check grades without a reply. */
  needless?(values: JudgeValues): boolean;
}

export interface JudgeValues {
  prompt: string;
  answer: string;
  reference: string;
  item: Item;
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
  /** `reference: { model }`: this check (and those inside it) grade against that model's answer, not the item's `expected`. */
  referenceModel?: string;
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
