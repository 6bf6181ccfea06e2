import { parseGrid, sweepCurve } from './sweep-curve.js';
import type { ConfigurationSpec, Curve, RunData, ThresholdSpec } from '../types/index.js';
import type { SqliteDatabase } from '../store/open-database.js';
import { readStoredAnswers } from '../store/read-stored-answers.js';
import { storedRouting } from './stored-views.js';
import type { LearnedScores } from './learned-scores.js';
import { prepareSweep } from './sweep-run.js';

/** Settings per curve: fine enough for APGR and CPT to be read off the curve. */
const curveGrid = parseGrid('0:1:0.005')!;

/**
 * The cost-quality curve of every threshold and random configuration of a
 * run, swept over its setting on the run's stored answers. Needs the fixed
 * configurations of both of its models and of the baseline.
 */
export function collectCurves(database: SqliteDatabase, data: RunData, learned?: LearnedScores): { curves: Curve[]; warnings: string[] } {
  const sweepable = data.configurations.filter((configuration) => configuration.kind === 'threshold' || configuration.kind === 'random');
  if (sweepable.length === 0) return { curves: [], warnings: [] };
  const stored = readStoredAnswers(database, data.run.id, { gradesOnly: true });
  const baselineModel = [...stored.sourceOf].find(([, name]) => name === data.run.baseline)?.[0];
  const curves: Curve[] = [];
  const warnings: string[] = [];
  for (const configuration of sweepable) {
    const spec = { name: configuration.name, kind: configuration.kind, ...configuration.spec } as unknown as ThresholdSpec | Extract<ConfigurationSpec, { kind: 'random' }>;
    if (!baselineModel || !stored.byModel.has(spec.strong) || !stored.byModel.has(spec.weak)) {
      warnings.push(`no curve for "${configuration.name}": the run lacks fixed configurations of its models or of the baseline`);
      continue;
    }
    const { items, cutOf } = prepareSweep(stored, spec, baselineModel, storedRouting(data.run, stored), data.run.seed, learned);
    const points = sweepCurve(items, curveGrid, cutOf).map(({ parameter, frontierShare, costUsd, quality }) => ({ parameter, frontierShare, costUsd, quality }));
    curves.push({ configuration: configuration.name, parameter: spec.kind === 'random' ? 'p' : 'threshold', points });
  }
  return { curves, warnings };
}
