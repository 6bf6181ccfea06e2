import type { CheckSpec } from './check-spec.js';
import type { GateCriteria } from './gate.js';

/** Shard `index` of `count` (1-based), as `route-bench run --shard 2/4` gives it. */
export interface Shard {
  index: number;
  count: number;
}

/**
 * The settings a run was made with, stored with it (`runs.options_json`) as
 * a versioned document and read back typed: what a resume continues with,
 * what a simulation rebuilds the routers' views from, what the gate and the
 * report take their criteria from. Fields are added, never renamed; a run
 * stored before a field existed reads it as null.
 */
export interface RunSettings {
  schemaVersion: 1;
  /** The configurations run, by name, in order. */
  configurations: string[];
  limit: number | null;
  /** `run --sample N [--stratify]`: a seeded random sample of N items (seeded by the run's seed). */
  sample?: { size: number; stratify: boolean } | null;
  maxCostUsd: number | null;
  shard: Shard | null;
  /** `run --until-settled`: the wave size and the cap on items; null for a run of every item. */
  untilSettled?: { wave: number; maxItems?: number; available?: number } | null;
  /** `run --batch`: the batch APIs at half price; how a failed line is asked again, items per batch. */
  batch?: { fallback: 'batch' | 'live'; wave?: number } | null;
  useCache: boolean;
  /** The prompt template: a simulation renders the prompts the routers saw. */
  prompt: string;
  /** The fields hidden from routers as references; null for a run stored before they were recorded. */
  referenceFields: string[] | null;
  /** The suite's `gate:` criteria. */
  gate: GateCriteria | null;
  /** The suite's default checks, as written: what grades every item without its own, so a gate can tell whether an item's checks changed. Null for a run stored before they were recorded. */
  checks?: CheckSpec[] | null;
  /** The suite's `max_gap_pct`; null for a run stored before it existed (the report's default then). */
  maxGapPct: number | null;
  /** Simulated runs: the run they were computed from, and the router argument. */
  simulatedFrom?: number;
  router?: string;
  /** Sweep runs: what was swept. */
  sweep?: { router: string; grid: string; targetLossPp: number | null; splitSeed: number | null; spec: unknown };
  /** Merged runs: the shard runs, as `file.db:ID`. */
  mergedFrom?: string[];
}
