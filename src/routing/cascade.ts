import type { AnswerLookup, CascadeSpec, Check, Execution, Item, ModelAnswer, RoutingView } from '../types/index.js';
import { findJudgeChecks, gradeAll } from '../checks/index.js';
import { UsageError } from '../errors.js';
import { itemOfView } from './routing-view.js';

/**
 * Asks the verifier models of `llm-judge` acceptance checks about an answer
 * (a live run does; a simulation cannot) and returns their replies. `item`
 * is the routing view as an item: what the verifier's prompt is made from.
 */
export type Verifier = (checks: Check[], answer: ModelAnswer, item: Item) => Promise<{ outputs: Map<Check, string>; replies: ModelAnswer[] }>;

/**
 * Tries the models in order, cheapest first, and keeps the first answer
 * that the reference-free acceptance checks accept (and, with agreement k,
 * that k samples of the same model agree on); the last model's answer is
 * kept unchecked. Every answer fetched is paid for.
 */
export async function executeCascade(spec: CascadeSpec, accept: Check[], view: RoutingView, sample: number, source: AnswerLookup,
  verify?: Verifier): Promise<Execution> {
  // Accepting is routing: the accept checks and the verifiers see what a router sees, never the reference.
  const item = itemOfView(view);
  const verifiers = findJudgeChecks(accept);
  if (verifiers.length > 0 && !verify) {
    throw new UsageError(`the cascade "${spec.name}" asks a verifier model (llm-judge in accept), whose answers a simulation does not have; run it live`);
  }
  const answers: ModelAnswer[] = [];
  const verifications: ModelAnswer[] = [];
  for (let position = 0; position < spec.models.length; position++) {
    const model = spec.models[position]!;
    const isLast = position === spec.models.length - 1;
    const samples = isLast ? 1 : spec.agreement;
    const drawn = await Promise.all(Array.from({ length: samples }, (_, draw) => source(model, sample * spec.agreement + draw)));
    answers.push(...drawn);
    const first = drawn[0]!;
    if (isLast) {
      return { answers, final: first, reason: position === 0 ? `only ${model}` : `escalated to ${model}`, accepted: false, verifications };
    }
    let judged: Map<Check, string> | undefined;
    if (verifiers.length > 0 && first.outcome === 'ok') {
      const verified = await verify!(verifiers, first, item);
      judged = verified.outputs;
      verifications.push(...verified.replies);
    }
    if (isAccepted(drawn, accept, item, judged)) return { answers, final: first, reason: `accepted from ${model}`, accepted: true, verifications };
  }
  throw new Error('a cascade needs at least one model');
}

function isAccepted(drawn: ModelAnswer[], accept: Check[], item: Item, judgeOutputs?: Map<Check, string>): boolean {
  if (drawn.some((answer) => answer.outcome !== 'ok')) return false;
  if (accept.length > 0 && gradeAll(accept, drawn[0]!.output, item, { judgeOutputs }).status !== 'pass') return false;
  const first = normalizeForAgreement(drawn[0]!.output);
  return drawn.every((answer) => normalizeForAgreement(answer.output) === first);
}

/** Samples agree when they say the same after case and spacing are set aside. */
export function normalizeForAgreement(output: string): string {
  return output.trim().toLowerCase().replace(/\s+/g, ' ');
}
