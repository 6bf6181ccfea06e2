import type { CheckSpec } from './check-spec.js';

export type RuleCondition = {
  tags?: string[];
  field?: string;
  /** A linear-time pattern (util/linear-regex.ts) from a suite; a RegExp in tests. */
  matches?: { test(text: string): boolean };
  promptTokens?: { min?: number; max?: number };
  /** User turns of a chat item (1 for a prompt). */
  turns?: { min?: number; max?: number };
};

export interface Rule {
  when: RuleCondition;
  use: string;
}

export type ConfigurationSpec =
  | { name: string; kind: 'fixed'; model: string }
  | { name: string; kind: 'rules'; rules: Rule[]; default: string }
  | { name: string; kind: 'random'; p: number; strong: string; weak: string; seed?: number }
  | { name: string; kind: 'oracle'; models: string[] }
  | ThresholdSpec
  | PredictiveSpec
  | CascadeSpec
  | ExternalSpec;

/** Learned router: items whose predicted chance that `weak` fails is above `threshold` go to `strong`. */
export interface ThresholdSpec {
  name: string;
  kind: 'threshold';
  strong: string;
  weak: string;
  threshold: number;
  /** Cross-fitting folds: each item is scored by a model trained on the other folds only. */
  folds: number;
  /** Written in the suite; otherwise the run's seed. */
  seed?: number;
}

/**
 * Learned router over N models: per model a success predictor trained on the
 * stored grades (cross-fitted), and per item the model that maximises
 * predicted quality − lambda · expected cost (RouterBench's willingness to
 * pay), the cost measured in answers of the dearest model.
 */
export interface PredictiveSpec {
  name: string;
  kind: 'predictive';
  models: string[];
  lambda: number;
  /** `ngram`: logistic regression on hashed word n-grams; `knn`: the k nearest items by TF-IDF cosine. */
  features: 'ngram' | 'knn';
  /** Neighbours of the `knn` predictor. */
  neighbours: number;
  folds: number;
  seed?: number;
}

/** Models in order, cheapest first; the first answer the acceptance checks accept is kept. */
export interface CascadeSpec {
  name: string;
  kind: 'cascade';
  models: string[];
  /** Reference-free checks an answer must pass to be accepted (format, JSON validity, ...). */
  accept: CheckSpec[];
  /** Also require this many samples of a model to agree before accepting (1 = no agreement test). */
  agreement: number;
}

/** The team's own router, asked per item over HTTP or through a command. */
export interface ExternalSpec {
  name: string;
  kind: 'external';
  url?: string;
  command?: string[];
  models: string[];
  timeoutMs: number;
}

/** What a stored run tells the reader of a `--router` argument: its models, frontier, seed, folder and hidden fields. */
export interface RouterArgumentContext {
  modelNames: string[];
  /** The models a default routes to: those with a fixed configuration's stored answers (a judge has none). */
  candidates?: string[];
  frontier: string;
  seed: number;
  baseDir: string;
  /** For `sweep`: the setting (p, threshold) is the sweep's, so it may be left out. */
  sweeping?: boolean;
  /** The stored run's reference fields, which no rule nor verifier may read (`storedRouting`). */
  referenceFields: readonly string[];
  /** Why they are hidden beyond what its suite said, for the message. */
  referenceFieldsNote?: string;
}

/** Reads a `--router` argument into a configuration, once the stored run it will run on is known. */
export type RouterReader = (context: RouterArgumentContext) => Promise<ConfigurationSpec>;
