import type { Item } from './item.js';
import type { CostBasis, ResultRecord, RunRecord } from './records.js';

/**
 * The columns the metrics need, as flat arrays aligned by item: memory stays
 * a few numbers per answer even for a million of them.
 */
export interface ConfigurationResults {
  name: string;
  kind: string;
  /** The configuration as stored (for a fixed one, `model`). */
  spec: Record<string, unknown>;
  /** Per item x sample, index = item * repeat + sample. NaN where missing or ungraded. */
  score: Float64Array;
  /** 1 pass, 0 fail, NaN could not grade or missing. */
  pass: Float64Array;
  costUsd: Float64Array;
  spentUsd: Float64Array;
  latencyMs: Float64Array;
  /** 1 when the frontier model answered (in a cascade: was tried). */
  usedFrontier: Uint8Array;
  /** 1 when a result row exists. */
  present: Uint8Array;
  /** 1 when the result holds an answer: not a model that gave none, not a replay gap. */
  answered: Uint8Array;
  /** Results whose model gave no answer (counted as fails), by why (`HTTP 400`, `timeout`, ...). */
  unanswered: Map<string, number>;
  /** Results a replay had no record for (on_missing: skip). */
  replayGaps: number;
  /** Results with an answer that could not be graded. */
  ungraded: number;
  /** Answers served from the cache. */
  cached: number;
  gradingCostUsd: number;
  /** A pairwise check's judgement per item x sample (metrics/pairwise.ts `preferenceCodes`; 0 none); absent when no result has one. */
  preference?: Uint8Array;
  /** Whether the answer matched the item's own label: 2 yes, 1 no, 0 no label; absent when no result has one. */
  labelPass?: Uint8Array;
  /** A run `--until-settled`: the items after which this configuration's verdict was settled and it got no more. */
  settledAfter?: number;
  /** Cascades only: counts over answers. */
  cascade?: CascadeCounts;
}

export interface CascadeCounts {
  answers: number;
  /** Answers that went past the first model. */
  escalated: number;
  /** Kept because the checks accepted them, and wrong: the quality leak. */
  falseAccepts: number;
  /** Escalated although the first model's answer was right: the cost leak. */
  needlessEscalations: number;
}

/** What the report says about answers beyond their grades (store/answer-notes.ts). */
export interface AnswerNotes {
  /** Models with answers whose usage was estimated, or implausible, in this run's calls. */
  models: Array<{ model: string; answers: number; estimated: number; implausible: number; example: string | null }>;
  /** Answers cut off at max_tokens (`length`) or stopped by a content filter, by configuration. */
  configurations: Array<{ configuration: string; cutOff: number; filtered: number }>;
}

/** One look of a run `--until-settled` at one configuration (store/settle-looks.ts). */
export interface SettleLook {
  configuration: string;
  items: number;
  lowerPp: number;
  upperPp: number;
  verdict: 'non-inferior' | 'inferior' | 'inconclusive';
}

/**
 * A configuration's answers grouped by the model the server says wrote them and where their cost came
 * from (store/served-models.ts); only configurations with an answer that names its model.
 */
export interface ServedModelCount {
  configuration: string;
  /** The model id the configuration asked for (the suite model's `model`). */
  askedModel: string | null;
  /** Null: the server named none. */
  servedModel: string | null;
  costBasis: CostBasis | null;
  answers: number;
  costUsd: number;
}

export interface RunData {
  run: RunRecord;
  /** Answers by the model that wrote them, where a server named it (absent in hand-made data: nothing to say). */
  servedModels?: ServedModelCount[];
  /** A run `--until-settled`: every look, by configuration then items. */
  settleLooks?: SettleLook[];
  /** Absent in hand-made data: nothing to say. */
  notes?: AnswerNotes;
  itemIds: string[];
  itemTags: string[][];
  configurations: ConfigurationResults[];
  /** What the run paid providers, all attempts included. */
  spentUsd: number;
  calls: number;
  failedCalls: number;
}

/** Every stored answer of one model in a run, aligned by item x sample. */
export interface StoredModelAnswers {
  status: Array<ResultRecord['status'] | undefined>;
  score: Float64Array;
  costUsd: Float64Array;
  latencyMs: Float64Array;
  output: Array<string | null>;
  /** Why there is no answer, where the model gave none (the result is a fail). */
  unanswered: Array<string | null>;
  /** The model the server says answered, and where the cost came from; absent when no answer of the model has one. */
  servedModel?: Array<string | null>;
  costBasis?: Array<CostBasis | null>;
}

export interface StoredItem {
  item: Item;
  promptTokens: number;
}

/**
 * What a simulation needs of a run: its items and, for every model that a
 * fixed configuration ran (`{ model: X }`), all its answers and grades.
 */
export interface StoredAnswers {
  runId: number;
  repeat: number;
  items: StoredItem[];
  byModel: Map<string, StoredModelAnswers>;
  /** The configuration each model's answers were taken from. */
  sourceOf: Map<string, string>;
}
