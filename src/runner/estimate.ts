import { findJudgeChecks } from '../checks/index.js';
import { expectedText } from '../checks/reference.js';
import { costUsd } from '../pricing/cost.js';
import { createRouter, routingView } from '../routing/index.js';
import type { Check, ConfigurationSpec, Item, LoadedSuite, ModelSpec, RoutingDecision } from '../types/index.js';
import { compileTemplate } from '../util/template.js';
import type { TokenCounter } from '../tokens/count-tokens.js';
import { itemPrompt, tokenText } from '../util/conversation.js';
import { buildMessages } from './engine/answer-engine.js';
import { outputTokenGuesses, type OutputTokenGuess, type OutputTokenGuesses, type StoredOutputMeans } from './output-token-guesses.js';

export { outputTokenGuesses, type OutputTokenGuess, type OutputTokenGuesses, type StoredOutputMeans };

/** What one kind of call of a configuration will take: answers, or the judges' calls that grade them. */
export interface CallsEstimate {
  calls: number;
  inputTokens: number;
  /** Null when some call's output length is unknown. */
  outputTokens: number | null;
  costUsd: number;
  /**
   * True when some model's output length is unknown: the cost counts input only for it (for the
   * judges, also when the length of the answers they read is unknown).
   */
  inputOnly: boolean;
}

export interface ConfigurationEstimate extends CallsEstimate {
  name: string;
  /** Why there is no estimate, for configurations whose calls cannot be known in advance. */
  note?: string;
  /** Calls per model. */
  callsByModel: Record<string, number>;
  /** The llm-judge checks' calls that grade this configuration's answers: apart, as the report keeps them. */
  grading: CallsEstimate;
}

export interface Estimate {
  configurations: ConfigurationEstimate[];
  /** The models some llm-judge check of the items asks. */
  judgeModels: string[];
}

export interface EstimateOptions {
  limit?: number;
  repeat: number;
  countTokens: TokenCounter;
  /** How long each model's answers and judgements are taken to be (`outputTokenGuesses`). */
  outputTokens: OutputTokenGuesses;
}

/**
 * What each configuration will cost before any call: prompts counted with
 * the tokenizer; outputs from a replay's recording, earlier runs' means or
 * max_tokens; and the judges' calls, each llm-judge check's prompt filled
 * with the item and the answer the configuration is expected to give.
 */
export function estimateCosts(suite: LoadedSuite, configurations: ConfigurationSpec[], options: EstimateOptions): Estimate {
  const template = compileTemplate(suite.prompt);
  const estimates = configurations.map((configuration) => ({
    configuration,
    router: configuration.kind === 'cascade' ? createRouter({ name: configuration.name, kind: 'fixed', model: configuration.models[0]! }) : createRouter(configuration, suite.seed),
    estimate: { name: configuration.name, ...noCalls(), callsByModel: {} as Record<string, number>, grading: noCalls() },
  }));
  const judgeModels = new Set<string>();
  for (const item of firstItems(suite, options.limit)) {
    const prompt = itemPrompt(item, template);
    const promptTokens = options.countTokens(item.messages ? tokenText(item.messages) : prompt);
    const judges = findJudgeChecks(suite.checksFor(item));
    for (const judge of judges) judgeModels.add(judge.judge!.model);
    // The same model answers the same prompt in every configuration that sends the item to it: counted once.
    const answers = new Map<string, Priced | null>();
    const judgements = new Map<string, Priced[]>();
    for (const { router, estimate } of estimates) {
      if (!router) continue;
      const decision = router.decide(routingView(item, prompt, promptTokens, suite.referenceFields)) as RoutingDecision;
      const model = suite.models[decision.model]!;
      if (!answers.has(model.name)) answers.set(model.name, priceAnswer(model, item, prompt, options));
      const answer = answers.get(model.name)!;
      // A replay without a record of the item is a gap: no answer, nothing to grade.
      if (!answer) continue;
      estimate.callsByModel[model.name] = (estimate.callsByModel[model.name] ?? 0) + options.repeat;
      add(estimate, answer, options.repeat);
      if (!judgements.has(model.name)) judgements.set(model.name, judges.flatMap((judge) => priceJudgements(suite, judge, item, prompt, answer, options)));
      for (const judgement of judgements.get(model.name)!) add(estimate.grading, judgement, options.repeat);
    }
  }
  return {
    configurations: estimates.map(({ configuration, router, estimate }) => {
      if (configuration.kind === 'cascade') return { ...estimate, note: 'at least: the first model on every item, before escalations' };
      if (router) return estimate;
      const note = configuration.kind === 'external' ? 'decided by the external router at run time' : 'no calls: chooses among the answers of the fixed configurations';
      return { ...estimate, outputTokens: null, note };
    }),
    judgeModels: [...judgeModels],
  };
}

/** One call's tokens and cost; `output` is the answer's text where a recording holds it. */
interface Priced {
  inputTokens: number;
  outputTokens: number | undefined;
  costUsd: number;
  output?: string;
  /** A judge call about an answer of unknown length: its input is counted without the answer. */
  withoutAnswer?: boolean;
}

function noCalls(): CallsEstimate {
  return { calls: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, inputOnly: false };
}

function add(total: CallsEstimate, call: Priced, repeat: number): void {
  total.calls += repeat;
  total.inputTokens += call.inputTokens * repeat;
  if (call.outputTokens === undefined || call.withoutAnswer) total.inputOnly = true;
  total.outputTokens = total.outputTokens === null || call.outputTokens === undefined ? null : total.outputTokens + call.outputTokens * repeat;
  total.costUsd += call.costUsd * repeat;
}

function* firstItems(suite: LoadedSuite, limit: number | undefined): Iterable<Item> {
  let seen = 0;
  for (const item of suite.iterateItems()) {
    if (limit !== undefined && seen++ >= limit) return;
    yield item;
  }
}

/** A replayed answer is what its recording says, as the run will take it; another, the prompt counted and the output guessed. Null: a replay gap. */
function priceAnswer(model: ModelSpec, item: Item, prompt: string, options: EstimateOptions): Priced | null {
  const messages = tokenText(buildMessages(model, prompt, item.messages));
  if (model.replay) {
    const record = model.replay.records.get(item.id);
    if (!record) return null;
    const usage = { inputTokens: record.inputTokens ?? options.countTokens(messages), outputTokens: record.outputTokens ?? options.countTokens(record.output) };
    return { ...usage, costUsd: record.costUsd ?? costUsd(model.price, usage), output: record.output };
  }
  const inputTokens = options.countTokens(messages);
  const outputTokens = options.outputTokens.answers.get(model.name)?.tokens;
  return { inputTokens, outputTokens, costUsd: costUsd(model.price, { inputTokens, outputTokens }) };
}

/**
 * One judge call about an answer: its prompt filled as the runner fills it, with the recorded answer
 * where there is one, else an empty answer plus the answer's guessed length in tokens.
 */
function priceJudgements(suite: LoadedSuite, check: Check, item: Item, prompt: string, answer: Priced, options: EstimateOptions): Priced[] {
  const request = check.judge!;
  const values = { prompt, answer: answer.output ?? '', reference: referenceFor(suite, check, item), item };
  // A pairwise check asks twice, the answers swapped; an answer that is the reference itself, not at all.
  if (answer.output !== undefined && request.needless?.(values)) return [];
  const prompts = request.swapped ? [request.prompt(values), request.swapped(values)] : [request.prompt(values)];
  return prompts.map((judgePrompt) => priceJudgement(suite.models[request.model]!, judgePrompt, answer, options));
}

/** What the judge is shown as the reference: the item's, or a reference model's recorded answer (a live one is not known yet: empty). */
function referenceFor(suite: LoadedSuite, check: Check, item: Item): string {
  if (check.referenceModel === undefined) return expectedText(item.expected);
  return suite.models[check.referenceModel]?.replay?.records.get(item.id)?.output ?? '';
}

function priceJudgement(judge: ModelSpec, judgePrompt: string, answer: Priced, options: EstimateOptions): Priced {
  const messages = tokenText(buildMessages(judge, judgePrompt));
  const inputTokens = options.countTokens(messages) + (answer.output === undefined ? (answer.outputTokens ?? 0) : 0);
  const outputTokens = options.outputTokens.judges.get(judge.name)?.tokens;
  const withoutAnswer = answer.output === undefined && answer.outputTokens === undefined;
  return { inputTokens, outputTokens, costUsd: costUsd(judge.price, { inputTokens, outputTokens }), withoutAnswer };
}
