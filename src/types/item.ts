import type { CheckSpec } from './check-spec.js';
import type { Message } from './generation.js';

/** One row of the dataset, after loading. Fields other than these stay in `fields`. */
export interface Item {
  id: string;
  /** Its place in the dataset (0-based): results are stored and merged in this order. Set by the loader. */
  position?: number;
  /** The reference answer; absent only where the item's checks need none. */
  expected: unknown;
  tags: string[];
  /** A chat item's conversation (its `messages`, ending with a user turn), sent as it is instead of the suite's prompt. */
  messages?: Message[];
  /** Checks of this item, replacing the suite's default checks. */
  checks?: CheckSpec[];
  /** Every column of the row, including id, expected and tags, for templates and checks; routers get a `RoutingView`. */
  fields: Record<string, unknown>;
}

export interface ReplayRecord {
  output: string;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  latencyMs?: number;
  /** A grade recorded with the output (0..1), for the `recorded` check. */
  score?: number;
}
