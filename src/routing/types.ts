import type { Item } from '../suite/types.js';

/** What a router may know of an item when deciding: never its reference or any output. */
export interface RoutingInput {
  item: Item;
  prompt: string;
  promptTokens: number;
}

/** A router that picks one model from the item alone. */
export interface ItemRouter {
  decide(input: RoutingInput): RoutingDecision;
}

export interface RoutingDecision {
  model: string;
  /** Which rule or reason decided, for the results table. */
  reason: string;
}
