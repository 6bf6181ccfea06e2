import { compileTemplate } from '../util/template.js';
import { readOptionalFraction } from './spec-values.js';
import { CheckSpecError } from '../errors.js';
import type { Check, CheckKind, Verdict } from '../types/index.js';
import { parseJudgeVerdict } from './judge-verdict.js';

/** The judge's prompt unless the suite gives its own; {{prompt}}, {{answer}}, {{reference}}, {{rubric}} are filled in. */
export const defaultJudgePrompt = `You are grading an answer to a task against a rubric and a reference answer.

Task:
{{prompt}}

Reference answer:
{{reference}}

Answer to grade:
{{answer}}

Rubric:
{{rubric}}

Reply with one JSON object and nothing else:
{"verdict": "pass" or "fail", "score": a number from 0 to 1, "reason": "one sentence"}`;

/** Filled in by the check itself, never read from the item. */
const placeholders = ['prompt', 'answer', 'reference', 'rubric'];

/**
 * A judge model from `models:` grades the answer. The runner asks the judge
 * before grading (through the same engine: cache, retries, budget) and
 * hands its reply in; a reply that does not parse strictly is "could not
 * grade", never a pass.
 */
export const llmJudgeKind: CheckKind = {
  type: 'llm-judge',
  summary: 'a judge model grades the answer against a rubric and the reference',
  keys: ['model', 'rubric', 'prompt', 'pass_threshold'],
  compile(spec) {
    if (typeof spec.model !== 'string' || spec.model === '') {
      throw new CheckSpecError('check "llm-judge" needs `model:`, the judge, one of the suite\'s models', 'model');
    }
    if (spec.rubric !== undefined && typeof spec.rubric !== 'string') throw new CheckSpecError('`rubric` must be text', 'rubric');
    if (spec.prompt !== undefined && typeof spec.prompt !== 'string') throw new CheckSpecError('`prompt` must be a template text', 'prompt');
    const template = compileTemplate((spec.prompt as string | undefined) ?? defaultJudgePrompt);
    if (!template.fields.includes('answer')) throw new CheckSpecError('the judge prompt must show the answer: put {{answer}} in it', 'prompt');
    const threshold = readOptionalFraction(spec, 'pass_threshold');
    const rubric = (spec.rubric as string | undefined) ?? 'The answer is correct and agrees with the reference answer.';
    const check: Check = {
      type: 'llm-judge',
      acceptsProse: true,
      needsReference: false,
      judge: {
        model: spec.model,
        fields: template.fields.filter((field) => !placeholders.includes(field.split('.')[0]!)),
        prompt: ({ prompt, answer, reference, item }) => template.render({ ...item.fields, prompt, answer, reference: reference === '' ? '(none given)' : reference, rubric }),
      },
      grade(_output, _item, context): Verdict {
        const reply = context?.judgeOutputs?.get(check);
        if (reply === undefined) return { status: 'error', score: 0, reason: 'could not grade: the judge gave no answer' };
        return parseJudgeVerdict(reply, threshold);
      },
    };
    return check;
  },
};
