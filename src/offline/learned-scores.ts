import { featureInputOf } from '../routing/features.js';
import { crossFittedPredictions, type ModelPredictions } from '../routing/predictive.js';
import { crossFittedFailureScores } from '../routing/threshold.js';
import type { PredictiveSpec, RoutingView, StoredAnswers, ThresholdSpec } from '../types/index.js';
import { itemColumns } from './item-columns.js';

/**
 * The cross-fitted predictions of learned routers (threshold, predictive),
 * trained once per run and setting of the predictor (not per configuration:
 * routers that differ only in their threshold or lambda share them) and shared by what needs them in one
 * command: a run's results and its report's curve, a simulation and its report.
 */
export class LearnedScores {
  private readonly scores = new Map<string, Float64Array | ModelPredictions>();

  /** Per item, the predicted chance that `weak` fails it, each item scored by a model that never saw its label. */
  of(spec: ThresholdSpec, stored: StoredAnswers, views: RoutingView[], runSeed: number): Float64Array {
    const seed = spec.seed ?? runSeed;
    return this.remember([stored.runId, spec.weak, spec.folds, seed], () =>
      crossFittedFailureScores(views.map(featureInputOf), itemColumns(stored, spec.weak).quality, spec.folds, seed)) as Float64Array;
  }

  /** Per model of the spec and item, the predicted quality and expected cost, each item predicted by models that never saw its grades. */
  predictions(spec: PredictiveSpec, stored: StoredAnswers, views: RoutingView[], runSeed: number): ModelPredictions {
    const seed = spec.seed ?? runSeed;
    return this.remember([stored.runId, spec.models, spec.features, spec.neighbours, spec.folds, seed], () => {
      const columns = spec.models.map((model) => itemColumns(stored, model));
      const predictions = crossFittedPredictions(views.map(featureInputOf), columns.map((column) => column.quality), columns.map((column) => column.costUsd),
        { folds: spec.folds, seed, features: spec.features, neighbours: spec.neighbours });
      // Where the data has no answer of a model (a replay gap), there is nothing to send the item to.
      if (columns.some((column) => column.present.includes(0))) predictions.available = columns.map((column) => column.present);
      return predictions;
    }) as ModelPredictions;
  }

  /** The same scores, once a run's copy of its source's answers is known to hold them (a simulated run's report). */
  alias(fromRunId: number, toRunId: number): void {
    for (const [key, scores] of [...this.scores]) {
      const [runId, ...rest] = JSON.parse(key) as [number, ...unknown[]];
      if (runId === fromRunId) this.scores.set(JSON.stringify([toRunId, ...rest]), scores);
    }
  }

  private remember(key: unknown[], compute: () => Float64Array | ModelPredictions): Float64Array | ModelPredictions {
    const text = JSON.stringify(key);
    let scores = this.scores.get(text);
    if (!scores) {
      scores = compute();
      this.scores.set(text, scores);
    }
    return scores;
  }
}
