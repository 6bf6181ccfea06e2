import type { LoadedSuite, ModelSpec } from '../types/index.js';
import type { TokenCounter } from '../tokens/count-tokens.js';

export interface OutputTokenGuess {
  /** Per call; for a recording, the mean of its records (the estimate takes each record's own). */
  tokens: number;
  /**
   * `recorded`: a replay's own counts (the tokenizer's where a record has none); `stored`: the mean
   * of earlier calls of the model for the same purpose; `max_tokens`: the model's cap, an upper bound.
   */
  source: 'recorded' | 'stored' | 'max_tokens';
}

/** How long each model's answers, and its judgements as a judge, are taken to be; a model without a guess has no entry. */
export interface OutputTokenGuesses {
  answers: Map<string, OutputTokenGuess>;
  judges: Map<string, OutputTokenGuess>;
}

/** Mean output tokens of stored calls, per model name, of answering and of judging. */
export interface StoredOutputMeans {
  answer: Map<string, number>;
  judge: Map<string, number>;
}

/**
 * The best guess of each model's output length: what a recording holds, else
 * what earlier calls of the model gave (a pilot run), else the cap of
 * max_tokens. The cap is an upper bound that a short-answering cheap model
 * with a generous cap may reach on paper only, and so look dearer than the
 * frontier model.
 */
export function outputTokenGuesses(suite: LoadedSuite, stored: StoredOutputMeans, countTokens: TokenCounter): OutputTokenGuesses {
  const answers = new Map<string, OutputTokenGuess>();
  const judges = new Map<string, OutputTokenGuess>();
  for (const model of Object.values(suite.models)) {
    const answer = model.replay ? recordedGuess(model, countTokens) : storedOrCap(model, stored.answer.get(model.name));
    if (answer) answers.set(model.name, answer);
    // A replayed judge's replies are its records, as its answers are.
    const judge = model.replay ? answer : storedOrCap(model, stored.judge.get(model.name));
    if (judge) judges.set(model.name, judge);
  }
  return { answers, judges };
}

function storedOrCap(model: ModelSpec, storedMean: number | undefined): OutputTokenGuess | undefined {
  if (storedMean !== undefined) return { tokens: storedMean, source: 'stored' };
  if (model.settings.maxOutputTokens !== undefined) return { tokens: model.settings.maxOutputTokens, source: 'max_tokens' };
  return undefined;
}

function recordedGuess(model: ModelSpec, countTokens: TokenCounter): OutputTokenGuess | undefined {
  let total = 0;
  for (const record of model.replay!.records.values()) total += record.outputTokens ?? countTokens(record.output);
  const count = model.replay!.records.size;
  return count === 0 ? undefined : { tokens: total / count, source: 'recorded' };
}
