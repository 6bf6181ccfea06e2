import { compileTemplate } from '../util/template.js';
import { CheckSpecError } from '../errors.js';
import type { Check, CheckKind, JudgeValues, PairwiseOutcome, Verdict } from '../types/index.js';
import { readJsonInText } from './json-in-text.js';

/**
 * The judge's prompt unless the suite gives its own. {{prompt}} is the task
 * (a chat item's conversation written out), {{first}} and {{second}} the
 * two answers; the check asks twice, the answers swapped.
 */
export const defaultPairwisePrompt = `You are comparing two answers to the same request.

Request:
{{prompt}}

Answer A:
{{first}}

Answer B:
{{second}}

Which answer serves the request better: more correct, complete and helpful? Length and style alone do not make an answer better. If both are equally good, say so.

Reply with one JSON object and nothing else:
{"better": "A" or "B" or "tie", "reason": "one sentence"}`;

const placeholders = ['prompt', 'first', 'second'];

/**
 * A judge model compares the answer with the reference answer (with
 * `reference: { model: incumbent }`, the incumbent's answer to the same
 * conversation) in both orders, so a judge that favours a position cancels
 * out: a win only when the answer is preferred in both orders, a loss only
 * when the reference is, a tie otherwise (Zheng et al. 2023, "Judging
 * LLM-as-a-Judge with MT-Bench and Chatbot Arena", sec. 3.4: swap the
 * positions and count an inconsistent pair as a tie). The answer passes when
 * it is not worse. An answer identical to the reference is a tie with no
 * call. A reply that is not the JSON asked for is "could not grade".
 */
export const pairwiseKind: CheckKind = {
  type: 'pairwise',
  summary: 'a judge model compares the answer with the reference answer in both orders: win, tie or loss; passes unless worse',
  keys: ['model', 'judge', 'prompt'],
  compile(spec) {
    const model = spec.model ?? spec.judge;
    if (typeof model !== 'string' || model === '') {
      throw new CheckSpecError('check "pairwise" needs `model:`, the judge, one of the suite\'s models', 'model');
    }
    if (spec.model !== undefined && spec.judge !== undefined) throw new CheckSpecError('give the judge once: `model:` or `judge:`', 'judge');
    if (spec.prompt !== undefined && typeof spec.prompt !== 'string') throw new CheckSpecError('`prompt` must be a template text', 'prompt');
    const template = compileTemplate((spec.prompt as string | undefined) ?? defaultPairwisePrompt);
    for (const needed of ['first', 'second']) {
      if (!template.fields.includes(needed)) throw new CheckSpecError(`the pairwise prompt must show both answers: put {{${needed}}} in it`, 'prompt');
    }
    const render = ({ prompt, item }: JudgeValues, first: string, second: string) => template.render({ ...item.fields, prompt, first, second });
    const check: Check = {
      type: 'pairwise',
      // The right answer is the reference's own text: a mock playing a model gives it whole.
      acceptsProse: false,
      needsReference: true,
      judge: {
        model,
        fields: template.fields.filter((field) => !placeholders.includes(field.split('.')[0]!)),
        prompt: (values) => render(values, values.answer, values.reference),
        swapped: (values) => render(values, values.reference, values.answer),
        needless: ({ answer, reference }) => answer.trim() === reference.trim(),
      },
      grade(output, item, context): Verdict {
        const reference = typeof item.expected === 'string' ? item.expected : item.expected === undefined ? undefined : JSON.stringify(item.expected);
        if (reference === undefined) return { status: 'error', score: 0, reason: 'could not grade: no reference answer to compare with' };
        if (output.trim() === reference.trim()) return outcomeVerdict({ outcome: 'tie', split: false, same: true }, 'the same answer as the reference');
        const first = context?.judgeOutputs?.get(check);
        const second = context?.swappedJudgeOutputs?.get(check);
        if (first === undefined || second === undefined) return { status: 'error', score: 0, reason: 'could not grade: the judge gave no answer' };
        const straight = parsePreference(first);
        const swapped = parsePreference(second);
        if (typeof straight === 'object') return straight;
        if (typeof swapped === 'object') return swapped;
        const verdict = combineOrders(straight, swapped);
        // The judge's own words, so a reader of the item sees why, not only which.
        const why = [reasonOf(first), reasonOf(second)].filter((text) => text !== undefined);
        return why.length === 0 ? verdict : { ...verdict, reason: `${verdict.reason}; ${why.map((text, index) => `${index === 0 ? 'as A' : 'as B'}: ${text}`).join('; ')}` };
      },
    };
    return check;
  },
};

type Preference = 'A' | 'B' | 'tie';

/** The judge's choice, read strictly: one JSON object whose `better` is A, B or tie. */
export function parsePreference(reply: string): Preference | Verdict {
  const unparsed = (why: string): Verdict => ({ status: 'error', score: 0, reason: `could not grade: the judge's reply ${why}` });
  const found = readJsonInText(reply);
  if (!found.found || typeof found.value !== 'object' || found.value === null || Array.isArray(found.value)) return unparsed('is not a JSON object');
  const better = (found.value as Record<string, unknown>).better;
  if (better !== 'A' && better !== 'B' && better !== 'tie') return unparsed('has no "better" of "A", "B" or "tie"');
  return better;
}

/** The `reason` of a reply that parsed, clipped to a sentence's length. */
function reasonOf(reply: string): string | undefined {
  const found = readJsonInText(reply);
  const reason = found.found && typeof found.value === 'object' && found.value !== null ? (found.value as Record<string, unknown>).reason : undefined;
  return typeof reason === 'string' && reason.trim() !== '' ? reason.trim().slice(0, 300) : undefined;
}

/**
 * The two orders as one outcome for the answer: in the first prompt it is A,
 * in the swapped one B. Preferred (or not) in both is a win (a loss);
 * anything else is a tie, and `split` when the orders disagree.
 */
export function combineOrders(straight: Preference, swapped: Preference): Verdict {
  const asAnswer = (choice: Preference, answerIs: 'A' | 'B'): 'win' | 'tie' | 'loss' => choice === 'tie' ? 'tie' : choice === answerIs ? 'win' : 'loss';
  const one = asAnswer(straight, 'A');
  const two = asAnswer(swapped, 'B');
  const split = one !== two;
  const outcome = split ? 'tie' : one;
  const said = `with the answer as A the judge chose ${straight}, with it as B ${swapped}`;
  return outcomeVerdict({ outcome, split }, split ? `the two orders disagree (${said}): a tie` : `${outcome} in both orders (${said})`);
}

function outcomeVerdict(pairwise: PairwiseOutcome, why: string): Verdict {
  const score = pairwise.outcome === 'win' ? 1 : pairwise.outcome === 'tie' ? 0.5 : 0;
  return { status: pairwise.outcome === 'loss' ? 'fail' : 'pass', score, reason: `judge: ${why}`, pairwise };
}
