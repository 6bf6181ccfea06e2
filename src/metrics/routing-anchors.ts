import type { Anchors, ConfigurationAnchors, ConfigurationResults, ConfigurationSummary, RunData } from '../types/index.js';
import { configurationModels } from './configuration-models.js';
import { oraclePoint, type OraclePoint } from './oracle.js';



export interface RoutingAnchors {
  /** The suite's span: the frontier model's fixed configuration and the cheapest other one. Fixed configurations are measured on it. */
  suite: Anchors | null;
  /** The oracle over every fixed configuration. */
  suiteOracle: OraclePoint | null;
  byConfiguration: Map<string, ConfigurationAnchors | null>;
  warnings: string[];
}

interface FixedEntry {
  results: ConfigurationResults;
  summary: ConfigurationSummary;
}

/**
 * PGR, APGR, CPT (RouteLLM, Ong et al. 2024) and AIQ (RouterBench, Hu et al.
 * 2024) are defined between the two models a router chooses from. With more
 * than two models in a suite, measuring every router between the suite's
 * cheapest and its frontier model puts a router between two middle models on
 * a gap it could never close (a random router there scored APGR 0.84 instead
 * of 0.5), so each configuration gets its own pair:
 * - random and threshold: `weak` and `strong`;
 * - cascade: its first and its last model;
 * - rules, external and oracle: the cheapest and the dearest of the models they
 *   name, by the cost of their fixed configurations;
 * - fixed: the suite's span.
 * The anchors are the fixed configurations of those models; without one the
 * configuration has none, and a warning says which configuration is needed.
 */
export function routingAnchors(data: RunData, summaries: ConfigurationSummary[]): RoutingAnchors {
  const warnings: string[] = [];
  const fixedByModel = new Map<string, FixedEntry>();
  data.configurations.forEach((results, position) => {
    const model = results.kind === 'fixed' ? String(results.spec.model) : undefined;
    if (model !== undefined && summaries[position]!.passRate !== null && !fixedByModel.has(model)) fixedByModel.set(model, { results, summary: summaries[position]! });
  });
  const fixedModels = [...fixedByModel.keys()];
  const suite = suiteAnchors(fixedByModel, data.run.frontier);
  const suiteOracle = oraclePoint([...fixedByModel.values()].map((entry) => entry.results), suite?.frontier);
  if (!suite) warnings.push(`no fixed configuration of the frontier model "${data.run.frontier}" beside a cheaper one: the suite-wide anchors (the fixed configurations' PGR and AIQ, the chart's random-mix line) are not defined`);

  const byConfiguration = new Map<string, ConfigurationAnchors | null>();
  for (const results of data.configurations) {
    if (results.kind === 'fixed') {
      byConfiguration.set(results.name, suite ? { ...suite, models: fixedModels, oracleQuality: suiteOracle?.quality ?? null } : null);
      continue;
    }
    const models = configurationModels(results.kind, results.spec);
    const absent = models.filter((model) => !fixedByModel.has(model));
    const ends = anchorModels(results.kind, models, fixedByModel);
    const absentEnds = ends ? ends.filter((model) => !fixedByModel.has(model)) : absent;
    if (absentEnds.length > 0) {
      byConfiguration.set(results.name, null);
      const needed = absentEnds.map((model) => `model "${model}" (e.g. all-${model}: { model: ${model} })`).join(' and ');
      warnings.push(`${results.name}: no PGR, APGR, CPT, AIQ or oracle gap closed: they are measured between its own models, and that needs a fixed configuration of ${needed} with graded answers`);
      continue;
    }
    if (!ends || ends[0] === ends[1]) {
      byConfiguration.set(results.name, null);
      const why = models.length === 0 ? 'its stored specification names no model' : `it routes to one model only (${models[0]})`;
      warnings.push(`${results.name}: ${why}: there is no pair to measure PGR, APGR, CPT and AIQ between`);
      continue;
    }
    const oracle = absent.length === 0 ? oraclePoint(models.map((model) => fixedByModel.get(model)!.results), undefined) : null;
    if (absent.length > 0) warnings.push(`${results.name}: oracle gap closed needs the fixed configurations of all its models; none of ${absent.map((model) => `"${model}"`).join(', ')}`);
    byConfiguration.set(results.name, { ...pairOf(fixedByModel.get(ends[0])!, fixedByModel.get(ends[1])!), models, oracleQuality: oracle?.quality ?? null });
  }
  warnings.push(...zeroGapWarnings(byConfiguration, data.configurations));
  return { suite, suiteOracle, byConfiguration, warnings };
}

/** [cheap, frontier] model names; undefined when the order needs a fixed configuration that is missing. */
function anchorModels(kind: string, models: string[], fixedByModel: Map<string, FixedEntry>): [string, string] | undefined {
  if (models.length === 0) return undefined;
  if (kind === 'random' || kind === 'threshold' || kind === 'cascade') return [models[0]!, models[models.length - 1]!];
  if (models.some((model) => !fixedByModel.has(model))) return undefined;
  const byCost = [...models].sort((left, right) => fixedByModel.get(left)!.summary.costUsd - fixedByModel.get(right)!.summary.costUsd);
  return [byCost[0]!, byCost[byCost.length - 1]!];
}

function suiteAnchors(fixedByModel: Map<string, FixedEntry>, frontierModel: string): Anchors | null {
  const frontier = fixedByModel.get(frontierModel);
  const cheap = [...fixedByModel].filter(([model]) => model !== frontierModel).sort(([, left], [, right]) => left.summary.costUsd - right.summary.costUsd)[0]?.[1];
  return frontier && cheap ? pairOf(cheap, frontier) : null;
}

function pairOf(cheap: FixedEntry, frontier: FixedEntry): Anchors {
  return {
    cheap: cheap.summary.name,
    frontier: frontier.summary.name,
    cheapQuality: cheap.summary.passRate!,
    frontierQuality: frontier.summary.passRate!,
    cheapCostUsd: cheap.summary.costUsd,
    frontierCostUsd: frontier.summary.costUsd,
  };
}

/** One warning per pair of equal quality, naming the configurations measured on it. */
function zeroGapWarnings(byConfiguration: Map<string, ConfigurationAnchors | null>, configurations: ConfigurationResults[]): string[] {
  const onPair = new Map<string, { anchors: Anchors; names: string[] }>();
  for (const { name, kind } of configurations) {
    const anchors = byConfiguration.get(name);
    if (!anchors || anchors.cheapQuality !== anchors.frontierQuality) continue;
    const key = JSON.stringify([anchors.cheap, anchors.frontier]);
    const entry = onPair.get(key) ?? { anchors, names: [] };
    if (kind !== 'fixed') entry.names.push(name);
    onPair.set(key, entry);
  }
  return [...onPair.values()].map(({ anchors, names }) => {
    const which = names.length > 0 ? ` of ${names.join(', ')}` : '';
    return `${anchors.cheap} and ${anchors.frontier} have the same quality (${(100 * anchors.cheapQuality).toFixed(1)}%): there is no gap for a router to recover, so PGR, APGR and CPT${which} are not defined`;
  });
}
