import type { Check } from '../checks/types.js';
import { gradeAll } from '../checks/index.js';
import type { CascadeSpec, Item } from '../suite/types.js';
import type { AnswerSource, Execution, ModelAnswer } from './types.js';

/**
 * Tries the models in order, cheapest first, and keeps the first answer
 * that the reference-free acceptance checks accept (and, with agreement k,
 * that k samples of the same model agree on); the last model's answer is
 * kept unchecked. Every answer fetched is paid for.
 */
export async function executeCascade(spec: CascadeSpec, accept: Check[], item: Item, sample: number, source: AnswerSource): Promise<Execution> {
  const answers: ModelAnswer[] = [];
  for (let position = 0; position < spec.models.length; position++) {
    const model = spec.models[position]!;
    const isLast = position === spec.models.length - 1;
    const samples = isLast ? 1 : spec.agreement;
    const drawn = await Promise.all(Array.from({ length: samples }, (_, draw) => source(model, sample * spec.agreement + draw)));
    answers.push(...drawn);
    const first = drawn[0]!;
    if (isLast) {
      return { answers, final: first, reason: position === 0 ? `only ${model}` : `escalated to ${model}`, accepted: false };
    }
    if (isAccepted(drawn, accept, item)) return { answers, final: first, reason: `accepted from ${model}`, accepted: true };
  }
  throw new Error('a cascade needs at least one model');
}

function isAccepted(drawn: ModelAnswer[], accept: Check[], item: Item): boolean {
  if (drawn.some((answer) => answer.outcome !== 'ok')) return false;
  if (accept.length > 0 && gradeAll(accept, drawn[0]!.output, item).status !== 'pass') return false;
  const first = normalizeForAgreement(drawn[0]!.output);
  return drawn.every((answer) => normalizeForAgreement(answer.output) === first);
}

/** Samples agree when they say the same after case and spacing are set aside. */
export function normalizeForAgreement(output: string): string {
  return output.trim().toLowerCase().replace(/\s+/g, ' ');
}
