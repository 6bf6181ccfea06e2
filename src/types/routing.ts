import type { CostBasis } from './records.js';

/**
 * What a router may know of an item: the task as every model gets it, and
 * the item's input fields. Routers are untrusted parties (an external
 * process, a verifier model, a learned model fitted to grades), so they get
 * this view, never the record: no reference, no checks, and no field the
 * checks read as a reference (`Suite.referenceFields`).
 */
export interface RoutingView {
  id: string;
  /** The task prompt, rendered from the item as the models get it. */
  prompt: string;
  promptTokens: number;
  /** User turns of a chat item's conversation; 1 for a prompt. */
  turns: number;
  /** The last user turn of a chat item; the prompt otherwise. */
  lastTurn: string;
  tags: string[];
  /** The dataset row without `id` and `tags` (given above), `expected`, `checks` and the reference fields. */
  fields: Record<string, unknown>;
}

/** A router that picks one model from what it may see of the item, never its reference or any output. */
export interface ItemRouter {
  decide(view: RoutingView): RoutingDecision | Promise<RoutingDecision>;
  /** Releases what the router holds (an external process). */
  close?(): Promise<void>;
}

export interface RoutingDecision {
  model: string;
  /** Which rule or reason decided, for the results table. */
  reason: string;
}

/** One model's answer as a router sees it, live or replayed from a stored run. */
export interface ModelAnswer {
  modelName: string;
  outcome: 'ok' | 'failed' | 'missing';
  output: string;
  error?: string;
  /** With outcome `failed`: why there is no answer, as a short label to count by (`HTTP 400`, `timeout`). */
  unanswered?: string;
  costUsd: number;
  spentUsd: number;
  latencyMs: number;
  cached: boolean;
  recordedScore?: number;
  /** With outcome `ok`: why the text ended, when not at a natural stop (`length`: cut off at max_tokens; `content-filter`). */
  finishReason?: string;
  /** The model the server says answered, where it names one. */
  servedModel?: string;
  /** Where `costUsd` came from when not from the configured price. */
  costBasis?: CostBasis;
}

/** A model's answer to the item being routed, by sample: the engine's in a live run, the stored one in a simulation. */
export type AnswerLookup = (model: string, sample: number) => Promise<ModelAnswer>;

/** What a configuration did for one item (and sample). */
export interface Execution {
  /** Every answer fetched, in order; the last of a cascade's is the one graded unless one was accepted. */
  answers: ModelAnswer[];
  final: ModelAnswer;
  reason: string;
  /** Cascades: whether the final answer was accepted by the checks (false: the last model's, unchecked). */
  accepted?: boolean;
  /** Cascades: the verifier models' replies; paid as part of the routing, so counted in the item's cost. */
  verifications?: ModelAnswer[];
}
