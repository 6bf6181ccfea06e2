import type { Check } from './check.js';
import type { CheckSpec } from './check-spec.js';
import type { ConfigurationSpec } from './configuration.js';
import type { GateCriteria } from './gate.js';
import type { Item } from './item.js';
import type { ModelSpec } from './model.js';

export interface Suite {
  name: string;
  version: number;
  description?: string;
  /** Absolute path of the suite file, or `<inline>`. */
  path: string;
  /** sha256 of the suite text and the dataset bytes: runs of different content are not comparable. */
  contentHash: string;
  prompt: string;
  /** Field names the prompt template reads. */
  promptFields: string[];
  /** What the checks read as a reference (`expected` first): no router sees these fields (see suite/reference-fields.ts). */
  referenceFields: string[];
  checks: CheckSpec[];
  models: Record<string, ModelSpec>;
  configurations: ConfigurationSpec[];
  baseline: string;
  /** The expensive model: frontier share is measured against it. */
  frontier: string;
  marginPp: number;
  seed: number;
  items: Item[];
  datasetPath?: string;
}

/** A validated suite with its checks compiled, ready to run. */
export interface LoadedSuite extends Suite {
  defaultChecks: Check[];
  /** How many items the dataset holds. */
  itemCount: number;
  /**
   * The items in dataset order, read again on each call when the dataset is
   * streamed (a large JSONL file); `items` is empty then.
   */
  iterateItems(): Iterable<Item>;
  /** The checks that grade this item: its own, else the suite's. */
  checksFor(item: Item): Check[];
  /** With `reference: { model }`: grades an answer against the item's own label (`expected`), beside the checks, for the judge's agreement with the labels. */
  labelCheck?: Check;
  /** Probability that a mock answer draws the item's shared difficulty rather than its own luck. */
  mockCorrelation: number;
  /** The suite's `gate:` criteria, stored with each run for `route-bench gate`. */
  gate?: GateCriteria;
  /** Above this share (percent) of a configuration's answers missing or ungraded, its verdict is inconclusive. */
  maxGapPct: number;
}
