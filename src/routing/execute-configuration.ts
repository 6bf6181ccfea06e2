import type { AnswerLookup, CascadeSpec, Check, Execution, ItemRouter, RoutingView } from '../types/index.js';
import { executeCascade, type Verifier } from './cascade.js';

/** How a configuration answers an item: a router that picks a model from the view, or a cascade. */
export type Execute =
  | { kind: 'router'; router: ItemRouter }
  | { kind: 'cascade'; spec: CascadeSpec; accept: Check[] };

/**
 * What a configuration did for one item and sample, the same live and in a
 * simulation: only where the answers come from differs.
 */
export async function executeConfiguration(how: Execute, view: RoutingView, sample: number, answerOf: AnswerLookup, verify?: Verifier): Promise<Execution> {
  if (how.kind === 'cascade') return executeCascade(how.spec, how.accept, view, sample, answerOf, verify);
  const decision = await how.router.decide(view);
  const answer = await answerOf(decision.model, sample);
  return { answers: [answer], final: answer, reason: decision.reason };
}
