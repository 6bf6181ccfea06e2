import type { Item } from './item.js';
import type { ItemDigest } from './item-digest.js';
import type { NonInferiorityLabel } from './report-labels.js';

/** Two fixed configurations a router is measured between: its cheap end and its frontier end. */
export interface Anchors {
  cheap: string;
  frontier: string;
  cheapQuality: number;
  frontierQuality: number;
  cheapCostUsd: number;
  frontierCostUsd: number;
}

/** The anchors of one configuration, with the models it chooses among and the oracle over them. */
export interface ConfigurationAnchors extends Anchors {
  /** The models the configuration routes among (a fixed configuration: every model with a fixed configuration). */
  models: string[];
  /** The oracle over those models: the quality a perfect router among them reaches; null when one has no fixed configuration. */
  oracleQuality: number | null;
}

export interface ConfigurationSummary {
  name: string;
  kind: string;
  /** Items with at least one result. */
  items: number;
  answers: number;
  /** Answers that could not be graded (a judge reply that does not parse, a check that throws). */
  ungraded: number;
  /** Results whose model gave no answer (every attempt failed, or it refused the request): counted as fails. */
  unanswered: number;
  /** The same, by why: `{ "HTTP 400": 20 }`. */
  unansweredBy: Record<string, number>;
  /** Results a replay had no record for. */
  replayGaps: number;
  /** Item x sample slots with no result (an interrupted run). */
  missing: number;
  /** The share of the planned answers that lack a graded answer: unanswered, ungraded, replay gaps, missing. */
  gapShare: number;
  /** The same without the answers never given (which are fails): the share whose outcome is not known. */
  unknownShare: number;
  /** Items the cost reduction is computed over: those this configuration and the baseline both answered. */
  costComparedItems: number | null;
  passRate: number | null;
  meanScore: number | null;
  /** Mean over items of (this - baseline) item quality, in percentage points; items graded in both. */
  qualityDeltaPp: number | null;
  costUsd: number;
  /** Per answer given: with one sample per item, per item; with --repeat k, runs of any k compare. */
  costPerItemUsd: number | null;
  /** Baseline cost / this cost over the items both answered: how many times cheaper. */
  costReduction: number | null;
  /** What this configuration's answers cost this run (answers shared with another configuration or cached cost 0). */
  spentUsd: number;
  cachedAnswers: number;
  frontierShare: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  gradingCostUsd: number;
  /** Cascades: the share of answers escalated past the first model, accepted-but-wrong answers, and escalations the first model did not need. */
  escalationRate?: number;
  falseAccepts?: number;
  needlessEscalations?: number;
}

/**
 * The report document: `route-bench report --format json` prints it. Stable:
 * fields are added, never renamed or removed, and `schemaVersion` says which
 * shape a reader holds. Numbers that cannot be computed are null, never NaN.
 */
export interface Report {
  schemaVersion: 1;
  run: {
    id: number;
    suite: string;
    suiteVersion: number;
    suiteHash: string;
    status: string;
    kind: string;
    /** The run a simulated run was computed from. */
    parentRunId: number | null;
    items: number;
    repeat: number;
    seed: number;
    toolVersion: string;
    startedAt: string;
    finishedAt: string | null;
    /** What the run paid providers, every attempt included; cached answers cost nothing here. */
    spentUsd: number;
    calls: number;
    failedCalls: number;
    /** `run --batch`: OpenAI and Anthropic answers at the batch price (half the live one). */
    batched?: boolean;
  };
  baseline: string;
  frontier: string;
  marginPp: number;
  /** With three or more fixed configurations: the view over all models. */
  manyModels?: ModelLandscape;
  statistics: {
    /** Resamples of the quality intervals. */
    resamples: number;
    /** Resamples of the cost-reduction intervals. */
    costResamples: number;
    seed: number;
    confidenceLevel: number;
    /** `tag`: resampled within strata of the items' first tag. */
    stratifiedBy: 'tag' | null;
    /**
     * How the quality-difference intervals were computed: Newcombe's hybrid score interval (one
     * pass/fail grade per item), or the paired bootstrap (repeats, strata).
     */
    qualityInterval: 'newcombe-hybrid-score' | 'paired-bootstrap';
  };
  configurations: ReportConfiguration[];
  /**
   * The suite's span: the frontier model's fixed configuration and the cheapest
   * other fixed configuration. The fixed configurations' PGR, AIQ and oracle gap
   * and the chart's random-mix line are measured on it; each routed
   * configuration is measured between its own pair (its `anchors`).
   */
  anchors: Anchors | null;
  /** Over every fixed configuration, per item the best-scoring answer (the cheapest among ties): the upper bound of any router over these models. */
  oracle: { quality: number; meanScore: number; costUsd: number; frontierShare: number } | null;
  /** Names of the configurations no other beats on both cost and quality. */
  paretoFrontier: string[];
  /** Cost-quality curves of the threshold and random configurations, swept over their setting. */
  curves: Curve[];
  tags: TagBreakdown[];
  headlines: Headline[];
  warnings: string[];
  /** Per item, what a gate against this run compares on (`gate --baseline report.json`); in the JSON document only. */
  items?: ItemDigest;
  /** With a `pairwise` check: each configuration's wins, ties and losses against the reference answers, and the verdict on its net loss. */
  pairwise?: PairwiseSummary[];
}

export interface ReportConfiguration extends ConfigurationSummary {
  /** Paired bootstrap 95% interval of qualityDeltaPp. */
  qualityDeltaCi95Pp: [number, number] | null;
  /** Bootstrap 95% interval of costReduction. */
  costReductionCi95: [number, number] | null;
  /** True when the interval's lower bound is above -marginPp: "no quality loss". */
  nonInferior: boolean | null;
  nonInferiority: 'non-inferior' | 'inferior' | 'inconclusive' | null;
  /** Why the verdict is inconclusive whatever the interval says: too many answers missing or ungraded on one side. */
  inconclusiveBecause: string | null;
  /** Exact McNemar test on the items where this and the baseline disagree (one sample per item only). */
  mcnemarP: number | null;
  /**
   * The two fixed configurations this configuration's PGR, APGR, CPT, AIQ and
   * oracle gap are measured between: random and threshold `weak` and `strong`,
   * a cascade's first and last model, the cheapest and dearest model of a rules,
   * external or oracle router; a fixed configuration, the suite's span. Null
   * when one of them was not run (a warning names it).
   */
  anchors: ConfigurationAnchors | null;
  /** Performance gap recovered: (q - q_cheap) / (q_frontier - q_cheap), between this configuration's anchors. */
  pgr: number | null;
  /** (cost - cheap cost) / (frontier cost - cheap cost): for a cascade the x axis instead of the frontier share. */
  costShare: number | null;
  apgr: number | null;
  cpt50: number | null;
  cpt80: number | null;
  aiq: number | null;
  /** (q - q_cheap) / (q_oracle - q_cheap). */
  oracleGapClosed: number | null;
  paretoOptimal: boolean;
  /** With --repeat k: the share of items whose samples did not all get the same grade. */
  selfDisagreement: number | null;
  /**
   * A run `--until-settled`: where this configuration stopped and why. Its verdict and its quality
   * interval (`qualityDeltaCi95Pp`; with a pairwise check, the net loss's) are then the anytime-valid
   * confidence sequence's at its last look, not a fixed-sample interval.
   */
  settle?: SettleSummary;
  /**
   * Which models wrote this configuration's answers, where its server names them (a router behind the
   * endpoint, `openrouter/auto`, chooses the model itself), and where their cost came from. Present only
   * when some answer was written by another model than the one asked (a dated snapshot of it is the
   * same), or its cost was reported by the provider.
   */
  servedBy?: ServedBy;
}

export interface ServedBy {
  /** Answers given (never-given answers and replay gaps are none). */
  answers: number;
  /** Of them, written by another model than the one asked. */
  otherThanAsked: number;
  /** Most answers first; `share` of `answers`, `costUsd` what that model's answers cost. */
  models: Array<{ model: string; answers: number; share: number; costUsd: number }>;
  /** Answers whose cost is the provider's own figure, the served model's price, the configured price. */
  costBasis: { reported: number; servedPrice: number; configured: number };
  /** Answers by another model than the one asked with no reported cost and no known price: priced as configured. */
  unpriced: number;
}

export interface SettleSummary {
  /** Items taken when it settled, or when the run stopped without settling it. */
  stoppedAfter: number;
  /** Items the run could have taken. */
  available: number;
  settled: boolean;
  /** The confidence sequence's interval on (configuration − baseline) in points at its last look. */
  intervalPp: [number, number];
  looks: number;
}

export interface Curve {
  configuration: string;
  /** `threshold`, `p` or `lambda`. */
  parameter: string;
  points: Array<{ parameter: number; frontierShare: number; costUsd: number; quality: number }>;
}

/** The suite over all its models (three or more fixed configurations): metrics/model-landscape.ts. */
export interface ModelLandscape {
  /** Each fixed configuration's point. */
  models: Array<{ configuration: string; costUsd: number; quality: number }>;
  /** The non-decreasing convex hull of the models' points: what mixing them at random reaches. By cost. */
  hull: Array<{ costUsd: number; quality: number }>;
  /** The cheapest and the dearest fixed configuration's cost: the range every AIQ here is averaged over. */
  costRangeUsd: [number, number];
  /** The hull's mean quality over that range: the AIQ of mixing the models at random. */
  hullAiq: number | null;
  /**
   * Each router's AIQ over the same range, from its swept curve when it has one (`fromCurve`), else its point;
   * `qualityOverHullPp`: its quality minus the hull's at its cost (positive: better than any random mix).
   */
  routers: Array<{ configuration: string; aiq: number | null; fromCurve: boolean; qualityOverHullPp: number | null }>;
  /** Per tag, the fixed configuration with the best pass rate there (the cheaper among ties). */
  bestByTag: Array<{ tag: string; items: number; configuration: string; quality: number; costUsd: number }>;
  /** Each tag to its best model, when the tags partition the items (one tag each); chosen on the same items, so optimistic. */
  routeByTag: { quality: number; costUsd: number } | null;
}

export interface TagBreakdown {
  tag: string;
  items: number;
  configurations: Array<{ name: string; passRate: number | null; qualityDeltaPp: number | null; costUsd: number }>;
}

export interface Headline {
  configuration: string;
  text: string;
}

/** A configuration's answers against the reference answers, judged pairwise (metrics/pairwise.ts). */
export interface PairwiseSummary {
  configuration: string;
  /** Answers judged against the reference, plus answers never given (losses: a user got nothing). */
  compared: number;
  wins: number;
  ties: number;
  losses: number;
  /** Ties because the judge's two orders disagreed (already in `ties`): the judge's own noise. */
  splits: number;
  /** Ties because the answer was the reference's own text (already in `ties`; no judge asked). */
  same: number;
  /** Of the losses, answers the configuration never gave. */
  unanswered: number;
  /** Rates with Wilson 95% intervals, in 0..1. */
  winRate: RateWithInterval;
  tieRate: RateWithInterval;
  lossRate: RateWithInterval;
  /** (losses − wins) / compared, in points, with Newcombe's paired 95% interval. */
  netLossPp: number;
  netLossCi95Pp: [number, number];
  /** Non-inferior when the net loss's interval lies wholly below the margin. */
  verdict: NonInferiorityLabel;
  /** Every answer was the reference itself (the incumbent against its own answers): a tie by construction, not a comparison. */
  selfReference: boolean;
  /**
   * Over the judged items that carry a label: how often the judge's "not worse" and the answer's match
   * with the label agree, and Cohen's kappa; null when no judged item has a label.
   */
  labels: { items: number; agreement: number | null; kappa: number | null } | null;
}

export interface RateWithInterval {
  rate: number;
  ci95: [number, number];
}

