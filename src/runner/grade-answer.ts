import { gradeAll } from '../checks/index.js';
import { expectedText } from '../checks/reference.js';
import type { ResultGrade } from '../routing/result-record.js';
import type { TokenCounter } from '../tokens/count-tokens.js';
import type { Check, Execution, Item, LoadedSuite } from '../types/index.js';
import type { AnswerEngine } from './engine/answer-engine.js';
import type { Answer } from './engine/types.js';

/** What asking the judges gave: each llm-judge check's reply, what the replies cost, and the replies themselves. */
export interface Judged {
  outputs: Map<Check, string>;
  costUsd: number;
  replies: Answer[];
}

export const noJudges: Judged = { outputs: new Map(), costUsd: 0, replies: [] };

export interface JudgeContext {
  /** `judge` grades; `verify` decides a cascade's acceptance (its cost is the configuration's). */
  purpose?: 'judge' | 'verify';
  suite: LoadedSuite;
  engine: AnswerEngine;
  /** The item as the judge may see it: the record for a grading judge, the routing view for a verifier. */
  item: Item;
  prompt: string;
  sample: number;
  memo: Map<string, Promise<Answer>>;
  countTokens: TokenCounter;
}

/** Asks every llm-judge check's judge about an answer, through the engine: cached, retried, budgeted, and recorded as calls. */
export async function askJudges(judges: Check[], answer: Answer, context: JudgeContext): Promise<Judged> {
  const judged: Judged = { outputs: new Map(), costUsd: 0, replies: [] };
  if (answer.outcome !== 'ok') return judged;
  for (const check of judges) {
    const judgePrompt = check.judge!.prompt({ prompt: context.prompt, answer: answer.output, reference: expectedText(context.item.expected), item: context.item });
    const reply = await context.engine.answer({ model: context.suite.models[check.judge!.model]!, item: context.item, prompt: judgePrompt,
      promptTokens: context.countTokens(judgePrompt), sample: context.sample, checks: [], memo: context.memo, purpose: context.purpose ?? 'judge' });
    judged.costUsd += reply.costUsd;
    judged.replies.push(reply);
    if (reply.outcome === 'ok') judged.outputs.set(check, reply.output);
  }
  return judged;
}

/**
 * The grade of a live execution: its final answer by the item's checks (with
 * the judges' replies), and for a cascade whether the first model's answer
 * passed the reference checks (a judge's grade is known for the final answer only).
 */
export function gradeExecution(execution: Execution, checks: Check[], item: Item, judged: Judged): ResultGrade {
  const { final, answers } = execution;
  const verdict = final.outcome === 'ok'
    ? gradeAll(checks, final.output, item, { recordedScore: final.recordedScore, judgeOutputs: judged.outputs })
    : undefined;
  const first = answers[0]!;
  const firstPass = execution.accepted === undefined ? undefined
    : first.outcome === 'ok' && (first === final && verdict ? verdict.status === 'pass'
      : gradeAll(checks, first.output, item, { recordedScore: first.recordedScore }).status === 'pass');
  return { verdict, gradingCostUsd: judged.costUsd, firstPass };
}
