import type { AnswerLookup, Check, ConfigurationSpec, ItemRouter, ModelAnswer, ResultRecord, StoredAnswers } from '../types/index.js';
import { UsageError } from '../errors.js';
import { preferredByOracle, type OracleCandidate } from '../metrics/oracle-rule.js';
import { executeConfiguration, type Execute } from '../routing/execute-configuration.js';
import { toResultRecord } from '../routing/result-record.js';
import { createRouter } from '../routing/create-router.js';
import { createExternalRouter } from '../routing/external.js';
import { choosePredicted } from '../routing/predictive.js';
import { storedViews } from './stored-views.js';
import { LearnedScores } from './learned-scores.js';

export interface SimulationOptions {
  /** The run the records are written to. */
  runId: number;
  /** The prompt template, for routers that read the prompt. */
  prompt: string;
  /** Hidden from every router, as in the live run (`storedRouting` reads them from a stored run). */
  referenceFields: readonly string[];
  /** Compiled acceptance checks of cascades, by configuration name. */
  acceptChecks?: Map<string, Check[]>;
  /** The run's seed: random and learned routers without their own `seed:` use it. */
  seed?: number;
  /** Learned routers' scores, shared with whatever else in this command needs them (the report's curve). */
  learned?: LearnedScores;
}

interface StoredAnswer extends ModelAnswer {
  status: ResultRecord['status'] | undefined;
  score: number | null;
}

/**
 * Evaluates a configuration on the answers a run already holds, with no
 * call: every router that decides from the item, every cascade, the
 * oracle and the learned threshold. Costs are what the answers cost when
 * they were made, so the numbers equal a live run of the same router.
 */
export async function simulateConfiguration(spec: ConfigurationSpec, stored: StoredAnswers, options: SimulationOptions): Promise<ResultRecord[]> {
  const answerOf = (model: string, itemIndex: number, sample: number): StoredAnswer => {
    const answers = stored.byModel.get(model);
    if (!answers) {
      throw new UsageError(`run ${stored.runId} has no answers of model "${model}" (it needs a configuration { model: ${model} }); "${spec.name}" cannot be simulated from it`);
    }
    if (sample >= stored.repeat) {
      throw new UsageError(`"${spec.name}" needs sample ${sample + 1} of every item, but run ${stored.runId} has ${stored.repeat} (run it with --repeat ${sample + 1})`);
    }
    const index = itemIndex * stored.repeat + sample;
    const status = answers.status[index];
    const output = answers.output[index] ?? null;
    return {
      modelName: model,
      outcome: status === undefined || status === 'skipped' ? 'missing' : answers.unanswered[index] !== null ? 'failed' : 'ok',
      output: output ?? '',
      unanswered: answers.unanswered[index] ?? undefined,
      costUsd: answers.costUsd[index]!,
      spentUsd: 0,
      latencyMs: answers.latencyMs[index]!,
      cached: true,
      status,
      score: Number.isNaN(answers.score[index]!) ? null : answers.score[index]!,
      servedModel: answers.servedModel?.[index] ?? undefined,
      costBasis: answers.costBasis?.[index] ?? undefined,
    };
  };
  const records: ResultRecord[] = [];
  // What the live routers saw of each item, rebuilt from the stored row (which holds the reference).
  const views = storedViews(stored, options);
  const { decide, close } = await deciderFor(spec, stored, answerOf);
  try {
    for (let itemIndex = 0; itemIndex < stored.items.length; itemIndex++) {
      const { item } = stored.items[itemIndex]!;
      const view = views[itemIndex]!;
      const samples = spec.kind === 'cascade' ? Math.max(1, Math.floor(stored.repeat / spec.agreement)) : stored.repeat;
      const answerLookup: AnswerLookup = async (model, drawn) => answerOf(model, itemIndex, drawn);
      for (let sample = 0; sample < samples; sample++) {
        const how: Execute = spec.kind === 'cascade'
          ? { kind: 'cascade', spec, accept: options.acceptChecks?.get(spec.name) ?? [] }
          : { kind: 'router', router: { decide: (shown) => decide!(itemIndex, sample, shown) } };
        const execution = await executeConfiguration(how, view, sample, answerLookup);
        const final = execution.final as StoredAnswer;
        // No stored result for the chosen model (an interrupted source run): none here either.
        if (final.status === undefined) continue;
        const verdict = final.status === 'skipped' ? undefined : { status: final.status, score: final.score, reason: null };
        const first = execution.answers[0] as StoredAnswer;
        records.push(toResultRecord({ runId: options.runId, configuration: spec.name, itemId: item.id, sample }, execution,
          { verdict, gradingCostUsd: 0, firstPass: first.status === 'pass' }));
      }
    }
  } finally {
    await close?.();
  }
  return records;

  async function deciderFor(
    configuration: ConfigurationSpec,
    answers: StoredAnswers,
    answer: (model: string, itemIndex: number, sample: number) => StoredAnswer,
  ): Promise<{ decide?: Decider; close?: () => Promise<void> }> {
    switch (configuration.kind) {
      case 'cascade':
        return {};
      case 'oracle':
        return { decide: async (itemIndex, sample) => oracleChoice(configuration.models, (model) => answer(model, itemIndex, sample)) };
      case 'threshold': {
        const scores = (options.learned ?? new LearnedScores()).of(configuration, answers, views, options.seed ?? 0);
        return {
          decide: async (itemIndex) =>
            scores[itemIndex]! > configuration.threshold
              ? { model: configuration.strong, reason: `risk ${scores[itemIndex]!.toFixed(3)} > ${configuration.threshold}` }
              : { model: configuration.weak, reason: `risk ${scores[itemIndex]!.toFixed(3)} <= ${configuration.threshold}` },
        };
      }
      case 'predictive': {
        const predictions = (options.learned ?? new LearnedScores()).predictions(configuration, answers, views, options.seed ?? 0);
        return {
          decide: async (itemIndex) => {
            const chosen = choosePredicted(predictions, itemIndex, configuration.lambda);
            const quality = predictions.quality[chosen]![itemIndex]!;
            const cost = predictions.cost[chosen]![itemIndex]!;
            return { model: configuration.models[chosen]!, reason: `predicted ${quality.toFixed(3)} − ${configuration.lambda} × cost ${cost.toFixed(3)}: best` };
          },
        };
      }
      case 'external': {
        const router = createExternalRouter(configuration);
        return { decide: async (_itemIndex, _sample, input) => router.decide(input), close: router.close };
      }
      default: {
        const router = createRouter(configuration, options.seed ?? 0)!;
        return { decide: async (_itemIndex, _sample, input) => router.decide(input) };
      }
    }
  }
}

type Decider = (itemIndex: number, sample: number, input: Parameters<ItemRouter['decide']>[0]) => Promise<{ model: string; reason: string }>;

/**
 * The oracle router: per item the answer with the highest score, the cheapest
 * among ties (RouterBench's oracle), by the rule the report's oracle point
 * uses too (metrics/oracle-rule.ts); a graded answer before an ungraded one.
 */
export function oracleChoice(
  models: string[],
  answerOf: (model: string) => { status: ResultRecord['status'] | undefined; score: number | null; costUsd: number },
): { model: string; reason: string } {
  let chosen: { model: string; candidate: OracleCandidate } | undefined;
  for (const model of models) {
    const answer = answerOf(model);
    if (answer.status === undefined) continue;
    const graded = answer.status === 'pass' || answer.status === 'fail';
    const pass = answer.status === 'pass';
    const candidate = { graded, pass, score: graded ? (answer.score ?? (pass ? 1 : 0)) : 0, costUsd: answer.costUsd };
    if (!chosen || preferredByOracle(candidate, chosen.candidate)) chosen = { model, candidate };
  }
  if (!chosen) return { model: models[0]!, reason: 'oracle: no answer, the first model' };
  const { candidate } = chosen;
  const reason = !candidate.graded ? 'oracle: none graded, cheapest' : `oracle: ${candidate.pass ? '' : 'none passes; '}best score, cheapest among ties`;
  return { model: chosen.model, reason };
}
