import { gradeAll } from '../checks/index.js';
import { expectedText } from '../checks/reference.js';
import type { ResultGrade } from '../routing/result-record.js';
import type { TokenCounter } from '../tokens/count-tokens.js';
import type { AnswerLookup, Check, Execution, Item, JudgeValues, LoadedSuite } from '../types/index.js';
import type { AnswerEngine } from './engine/answer-engine.js';
import type { Answer } from './engine/types.js';

/** What asking the judges gave: each llm-judge check's reply (and a pairwise check's to the swapped prompt), what the replies cost, and the replies themselves. */
export interface Judged {
  outputs: Map<Check, string>;
  swappedOutputs: Map<Check, string>;
  costUsd: number;
  replies: Answer[];
}

export const noJudges: Judged = { outputs: new Map(), swappedOutputs: new Map(), costUsd: 0, replies: [] };

/** Each reference model's answer (`reference: { model }`), asked through the run's lookup: the first sample's, shared by every configuration. */
export type References = ReadonlyMap<string, string | undefined>;

export async function askReferences(models: readonly string[], answerOf: AnswerLookup): Promise<References | undefined> {
  if (models.length === 0) return undefined;
  const references = new Map<string, string | undefined>();
  for (const model of models) {
    const answer = await answerOf(model, 0);
    references.set(model, answer.outcome === 'ok' ? answer.output : undefined);
  }
  return references;
}

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
  /** The reference models' answers, for judges of checks that take their reference from one. */
  references?: References;
}

/** Asks every llm-judge check's judge about an answer, through the engine: cached, retried, budgeted, and recorded as calls. */
export async function askJudges(judges: Check[], answer: Answer, context: JudgeContext): Promise<Judged> {
  const judged: Judged = { outputs: new Map(), swappedOutputs: new Map(), costUsd: 0, replies: [] };
  if (answer.outcome !== 'ok') return judged;
  for (const check of judges) {
    const judge = check.judge!;
    const reference = check.referenceModel === undefined ? expectedText(context.item.expected) : context.references?.get(check.referenceModel);
    // No reference answer: the check says it could not grade, and no judge is paid to say less.
    if (reference === undefined) continue;
    const values: JudgeValues = { prompt: context.prompt, answer: answer.output, reference, item: context.item };
    if (judge.needless?.(values)) continue;
    const ask = async (judgePrompt: string, into: Map<Check, string>) => {
      const reply = await context.engine.answer({ model: context.suite.models[judge.model]!, item: context.item, prompt: judgePrompt,
        promptTokens: context.countTokens(judgePrompt), sample: context.sample, checks: [], memo: context.memo, purpose: context.purpose ?? 'judge' });
      judged.costUsd += reply.costUsd;
      judged.replies.push(reply);
      if (reply.outcome === 'ok') into.set(check, reply.output);
    };
    await ask(judge.prompt(values), judged.outputs);
    if (judge.swapped) await ask(judge.swapped(values), judged.swappedOutputs);
  }
  return judged;
}

/**
 * The grade of a live execution: its final answer by the item's checks (with
 * the judges' replies), and for a cascade whether the first model's answer
 * passed the reference checks (a judge's grade is known for the final answer only).
 */
export function gradeExecution(execution: Execution, checks: Check[], item: Item, judged: Judged, references?: References): ResultGrade {
  const { final, answers } = execution;
  const verdict = final.outcome === 'ok'
    ? gradeAll(checks, final.output, item, { recordedScore: final.recordedScore, judgeOutputs: judged.outputs, swappedJudgeOutputs: judged.swappedOutputs, references })
    : undefined;
  const first = answers[0]!;
  const firstPass = execution.accepted === undefined ? undefined
    : first.outcome === 'ok' && (first === final && verdict ? verdict.status === 'pass'
      : gradeAll(checks, first.output, item, { recordedScore: first.recordedScore, references }).status === 'pass');
  return { verdict, gradingCostUsd: judged.costUsd, firstPass };
}
