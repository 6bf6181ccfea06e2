import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import { parseGrid, sweepCurve, type SweepPoint, type TwoModelItems } from './sweep-curve.js';
import { defaultLambdas, predictiveCurve } from './predictive-curve.js';
import { routingCandidatesOf, storedRouting, storedViews, type StoredRouting } from './stored-views.js';
import { LearnedScores } from './learned-scores.js';
import { itemColumns, type ItemColumns } from './item-columns.js';
import { openDatabase } from '../store/open-database.js';
import { readRunRecord, resolveRunId } from '../store/read-run.js';
import { sealKeys } from '../util/secrets.js';
import { readStoredAnswers } from '../store/read-stored-answers.js';
import type { ConfigurationSpec, PredictiveSpec, RouterReader, StoredAnswers, ThresholdSpec } from '../types/index.js';
import { keyVariablesOfRun, modelNames } from '../store/run-contents.js';
import { createSimulatedRun } from '../store/simulated-run.js';
import { uniform } from '../util/hash.js';
import { serialisable } from '../util/serialisable.js';
import { RunStore } from '../store/run-store.js';
import { writeSweepPoints } from '../store/sweep-points.js';

type RandomSpec = Extract<ConfigurationSpec, { kind: 'random' }>;

export interface SweepOptions {
  databasePath: string;
  run?: string;
  /** `threshold`, `random`, `predictive`, or a router spec of one of those kinds, as given (stored with the sweep). */
  router: string;
  /** Reads it into a configuration against the stored run (the CLI passes the suite loader's parser). */
  readRouter: RouterReader;
  /** `start:stop:step`; default 0:1:0.001 (1,001 settings), for predictive the lambdas where some item's choice changes (at most 1,001). */
  grid?: string;
  /** Pick the setting of largest cost reduction within this many points of the baseline on the calibration split. */
  targetLossPp?: number;
  /** Seeds the calibration / held-out split. */
  splitSeed?: number;
}

export interface SweepOutcome {
  runId: number;
  sourceRunId: number;
  router: string;
  /** What the setting is: a threshold, random's p, or predictive's lambda. */
  parameterName: SweepParameter;
  baseline: string;
  points: SweepPoint[];
  target?: {
    lossPp: number;
    splitSeed: number;
    calibrationItems: number;
    heldOutItems: number;
    /**
     * The chosen setting, or null when no setting keeps the loss within the target.
     * `heldOutCostReduction`: over the held-out items that the chosen routing and the baseline both answered.
     * `heldOutBeyondTarget`: the held-out half, which the choice never saw, loses more than the target.
     */
    chosen: { parameter: number; calibration: SweepPoint; heldOut: SweepPoint; heldOutCostReduction: number | null; heldOutBeyondTarget: boolean } | null;
  };
  /** What a reader of the curve must not miss, one sentence each. */
  warnings: string[];
}

/**
 * Varies a router's setting (a two-model threshold or p, an N-model lambda) over a grid and returns the
 * cost-quality curve, from stored answers only; with a target loss, chooses
 * the setting on a calibration half of the items and reports it on the
 * other half, which the choice never saw.
 */
export async function sweepRun(options: SweepOptions): Promise<SweepOutcome> {
  const database = openDatabase(options.databasePath);
  try {
    const sourceRunId = resolveRunId(database, options.run);
    const source = readRunRecord(database, sourceRunId);
    // As in the run: routers and custom checks start without the models' keys.
    const keys = keyVariablesOfRun(database, sourceRunId);
    sealKeys(keys.names, keys.shared);
    const stored = readStoredAnswers(database, sourceRunId, { gradesOnly: true });
    const routing = storedRouting(source, stored);
    const names = modelNames(database, sourceRunId);
    const configuration = await options.readRouter({
      modelNames: names, candidates: routingCandidatesOf(names, stored), frontier: source.frontier, seed: source.seed, sweeping: true, baseDir: source.suitePath ? dirname(source.suitePath) : process.cwd(),
      referenceFields: routing.referenceFields, referenceFieldsNote: routing.note,
    });
    if (configuration.kind !== 'threshold' && configuration.kind !== 'random' && configuration.kind !== 'predictive') {
      throw new UsageError(`sweep varies the setting of a threshold, random or predictive router, not of "${configuration.kind}"`);
    }
    const baselineModel = modelOf(stored, source.baseline);
    if (!baselineModel) throw new UsageError(`the baseline "${source.baseline}" of run ${sourceRunId} is not a fixed configuration; a sweep measures against one`);
    const subject = sweepSubject(stored, configuration, { baselineModel, frontierModel: source.frontier, routing, runSeed: source.seed });
    const parameters = options.grid === undefined ? subject.defaultGrid() : parseGrid(options.grid);
    if (!parameters) throw new UsageError(`--grid takes start:stop:step with step > 0, e.g. 0:1:0.01; got "${options.grid}"`);
    const points = subject.curve(parameters);
    const outcome: SweepOutcome = { runId: 0, sourceRunId, router: configuration.kind, parameterName: subject.parameterName, baseline: source.baseline, points, warnings: [] };
    if (options.targetLossPp !== undefined) {
      outcome.target = chooseOnCalibration(stored, subject.curve, parameters, options.targetLossPp, options.splitSeed ?? source.seed);
      outcome.warnings.push(...targetWarnings(outcome.target, source.baseline));
    }

    const runId = createSimulatedRun(database, sourceRunId, [], { sweep: { router: options.router, grid: options.grid ?? subject.defaultGridText, targetLossPp: options.targetLossPp ?? null, splitSeed: outcome.target?.splitSeed ?? null, spec: serialisable(configuration) } }, false);
    const chosen = outcome.target?.chosen;
    writeSweepPoints(database, runId, configuration.kind, [
      ...points.map((point) => ({ ...point, split: 'all' as const })),
      ...(chosen ? [{ ...chosen.calibration, split: 'calibration' as const }, { ...chosen.heldOut, split: 'held-out' as const }] : []),
    ]);
    new RunStore(database).setStatus(runId, 'complete');
    outcome.runId = runId;
    return outcome;
  } finally {
    database.close();
  }
}

export type SweepParameter = 'threshold' | 'p' | 'lambda';

/** A router whose setting a sweep varies: the name of the setting, its default grid, and the curve over any grid (within a mask of the items). */
export interface SweepSubject {
  parameterName: SweepParameter;
  /** At most `most` settings (1,001 without). */
  defaultGrid(most?: number): number[];
  defaultGridText: string;
  curve(parameters: number[], mask?: Uint8Array): SweepPoint[];
}

/** The model a configuration of a run stands for, when it is a fixed one. */
export function modelOf(stored: StoredAnswers, configurationName: string): string | undefined {
  return [...stored.sourceOf].find(([, name]) => name === configurationName)?.[0];
}

/** What a sweep of `configuration` on the stored answers computes from. */
export function sweepSubject(stored: StoredAnswers, configuration: ThresholdSpec | RandomSpec | PredictiveSpec,
  context: { baselineModel: string; frontierModel?: string; routing: Pick<StoredRouting, 'prompt' | 'referenceFields'>; runSeed: number; learned?: LearnedScores }): SweepSubject {
  if (configuration.kind === 'predictive') {
    const learned = context.learned ?? new LearnedScores();
    const items = {
      models: configuration.models.map((model) => itemColumns(stored, model)),
      baseline: itemColumns(stored, context.baselineModel),
      predictions: learned.predictions(configuration, stored, storedViews(stored, context.routing), context.runSeed),
      frontier: context.frontierModel === undefined ? -1 : configuration.models.indexOf(context.frontierModel),
    };
    return { parameterName: 'lambda', defaultGrid: (most) => defaultLambdas(items, most), defaultGridText: 'breakpoints', curve: (parameters, mask) => predictiveCurve(items, parameters, mask) };
  }
  const { items, cutOf } = prepareSweep(stored, configuration, context.baselineModel, context.routing, context.runSeed, context.learned);
  return {
    parameterName: configuration.kind === 'random' ? 'p' : 'threshold',
    defaultGrid: () => parseGrid('0:1:0.001')!,
    defaultGridText: '0:1:0.001',
    curve: (parameters, mask) => sweepCurve(items, parameters, cutOf, mask),
  };
}

/**
 * The per-item inputs of a sweep of a threshold or random router, and how a setting maps to a priority cut.
 * `routing` says what the run's routers saw (`storedRouting`): the learned router's features come from it.
 */
function prepareSweep(stored: StoredAnswers, configuration: ThresholdSpec | RandomSpec, baselineModel: string,
  routing: Pick<StoredRouting, 'prompt' | 'referenceFields'>, runSeed: number, learned?: LearnedScores): { items: TwoModelItems; cutOf: (parameter: number) => number } {
  const items = twoModelItems(stored, configuration.strong, configuration.weak, baselineModel);
  if (configuration.kind === 'threshold') {
    items.priority = (learned ?? new LearnedScores()).of(configuration, stored, storedViews(stored, routing), runSeed);
    return { items, cutOf: (threshold) => threshold };
  }
  // random sends an item to strong when its draw u < p: priority 1 - u above the cut 1 - p.
  items.priority = Float64Array.from(stored.items, ({ item }) => 1 - uniform(configuration.seed ?? runSeed, 'random-router', item.id));
  return { items, cutOf: (p) => 1 - p };
}

/** The two models' and the baseline's per-item columns, for the two-model sweep. */
function twoModelItems(stored: StoredAnswers, strong: string, weak: string, baseline: string): TwoModelItems {
  const [strongColumns, weakColumns, baselineColumns] = [strong, weak, baseline].map((model) => itemColumns(stored, model)) as [ItemColumns, ItemColumns, ItemColumns];
  return {
    strongQuality: strongColumns.quality,
    weakQuality: weakColumns.quality,
    strongCostUsd: strongColumns.costUsd,
    weakCostUsd: weakColumns.costUsd,
    baselineQuality: baselineColumns.quality,
    baselineCostUsd: baselineColumns.costUsd,
    strongAnswered: strongColumns.answered,
    weakAnswered: weakColumns.answered,
    baselineAnswered: baselineColumns.answered,
    priority: new Float64Array(stored.items.length),
  };
}

function chooseOnCalibration(stored: StoredAnswers, curve: SweepSubject['curve'], parameters: number[], lossPp: number, splitSeed: number): NonNullable<SweepOutcome['target']> {
  const calibration = Uint8Array.from(stored.items, ({ item }) => (uniform(splitSeed, 'split', item.id) < 0.5 ? 1 : 0));
  const heldOut = calibration.map((inCalibration) => 1 - inCalibration);
  const calibrationPoints = curve(parameters, calibration);
  // The largest cost reduction over the items both answered, not the least cost: a setting whose cheap
  // answers failed (at no cost) would look cheapest of all. Ties go to the cheaper setting.
  let best: SweepPoint | undefined;
  for (const point of calibrationPoints) {
    if (point.qualityDeltaPp < -lossPp || point.costReduction === null) continue;
    if (!best || point.costReduction > best.costReduction! || (point.costReduction === best.costReduction && point.costUsd < best.costUsd)) best = point;
  }
  const count = (mask: Uint8Array) => mask.reduce((total, value) => total + value, 0);
  let chosen: NonNullable<SweepOutcome['target']>['chosen'] = null;
  if (best) {
    const heldOutPoint = curve([best.parameter], heldOut)[0]!;
    chosen = { parameter: best.parameter, calibration: best, heldOut: heldOutPoint, heldOutCostReduction: heldOutPoint.costReduction,
      heldOutBeyondTarget: heldOutPoint.qualityDeltaPp < -lossPp };
  }
  return { lossPp, splitSeed, calibrationItems: count(calibration), heldOutItems: count(heldOut), chosen };
}

/** A setting chosen within the target on one half that loses more on the other may well lose more on new items too: say so. */
function targetWarnings(target: NonNullable<SweepOutcome['target']>, baseline: string): string[] {
  const { chosen } = target;
  if (!chosen?.heldOutBeyondTarget) return [];
  return [`the chosen setting (${Number(chosen.parameter.toPrecision(6))}) loses ${(-chosen.heldOut.qualityDeltaPp).toFixed(2)} pp vs ${baseline} on the ${target.heldOutItems} held-out items, `
    + `more than the ${target.lossPp} pp target it met on the calibration half: expect more loss than the target on new items`];
}
