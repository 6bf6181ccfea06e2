import { parseGrid } from './sweep-curve.js';
import type { ConfigurationSpec, Curve, PredictiveSpec, RunData, ThresholdSpec } from '../types/index.js';
import type { SqliteDatabase } from '../store/open-database.js';
import { readStoredAnswers } from '../store/read-stored-answers.js';
import { storedRouting } from './stored-views.js';
import type { LearnedScores } from './learned-scores.js';
import { modelOf, sweepSubject } from './sweep-run.js';

/** Settings per two-model curve: fine enough for APGR and CPT to be read off the curve. */
const curveGrid = parseGrid('0:1:0.005')!;

type SweepableSpec = ThresholdSpec | Extract<ConfigurationSpec, { kind: 'random' }> | PredictiveSpec;

/**
 * The cost-quality curve of every threshold, random and predictive
 * configuration of a run, swept over its setting on the run's stored
 * answers. Needs the fixed configurations of its models and of the baseline.
 */
export function collectCurves(database: SqliteDatabase, data: RunData, learned?: LearnedScores): { curves: Curve[]; warnings: string[] } {
  const sweepable = data.configurations.filter((configuration) => ['threshold', 'random', 'predictive'].includes(configuration.kind));
  if (sweepable.length === 0) return { curves: [], warnings: [] };
  const stored = readStoredAnswers(database, data.run.id, { gradesOnly: true });
  const baselineModel = modelOf(stored, data.run.baseline);
  const routing = storedRouting(data.run, stored);
  const curves: Curve[] = [];
  const warnings: string[] = [];
  for (const configuration of sweepable) {
    const spec = { name: configuration.name, kind: configuration.kind, ...configuration.spec } as unknown as SweepableSpec;
    const models = spec.kind === 'predictive' ? spec.models : [spec.strong, spec.weak];
    if (!baselineModel || models.some((model) => !stored.byModel.has(model))) {
      warnings.push(`no curve for "${configuration.name}": the run lacks fixed configurations of its models or of the baseline`);
      continue;
    }
    const subject = sweepSubject(stored, spec, { baselineModel, frontierModel: data.run.frontier, routing, runSeed: data.run.seed, learned });
    const grid = spec.kind === 'predictive' ? subject.defaultGrid(curveGrid.length) : curveGrid;
    const points = subject.curve(grid).map(({ parameter, frontierShare, costUsd, quality }) => ({ parameter, frontierShare, costUsd, quality }));
    curves.push({ configuration: configuration.name, parameter: subject.parameterName, points });
  }
  return { curves, warnings };
}
