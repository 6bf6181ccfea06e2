import * as z from 'zod';
import type { RunSettings } from '../types/index.js';

const gateCriteria = z.object({
  configurations: z.array(z.string()).optional(),
  maxQualityLossPp: z.number().optional(),
  minCostReduction: z.number().optional(),
  requireNonInferior: z.boolean().optional(),
  maxRegressionPp: z.number().optional(),
  maxCostIncreasePct: z.number().optional(),
  maxUnansweredPct: z.number().optional(),
});

/** The stored shape, read leniently: a run stored by an older route-bench lacks fields, which read as their "unknown". */
const document = z.object({
  schemaVersion: z.literal(1).catch(1),
  configurations: z.array(z.string()).catch([]),
  limit: z.number().nullable().catch(null),
  sample: z.object({ size: z.number(), stratify: z.boolean() }).nullable().catch(null),
  batch: z.object({ fallback: z.enum(['batch', 'live']), wave: z.number().optional() }).nullable().catch(null),
  untilSettled: z.object({ wave: z.number(), maxItems: z.number().optional(), available: z.number().optional() }).nullable().catch(null),
  maxCostUsd: z.number().nullable().catch(null),
  shard: z.object({ index: z.number(), count: z.number() }).nullable().catch(null),
  useCache: z.boolean().catch(true),
  prompt: z.string().catch(''),
  referenceFields: z.array(z.string()).nullable().catch(null),
  gate: gateCriteria.nullable().catch(null),
  checks: z.array(z.looseObject({ type: z.string() })).nullable().catch(null),
  maxGapPct: z.number().nullable().catch(null),
  simulatedFrom: z.number().optional().catch(undefined),
  router: z.string().optional().catch(undefined),
  sweep: z.object({ router: z.string(), grid: z.string(), targetLossPp: z.number().nullable(), splitSeed: z.number().nullable(), spec: z.unknown() })
    .optional().catch(undefined),
  mergedFrom: z.array(z.string()).optional().catch(undefined),
});

/** A run's stored settings (`runs.options_json`), typed; what cannot be read is its default, never a crash. */
export function parseRunSettings(json: string): RunSettings {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = {};
  }
  return document.parse(typeof value === 'object' && value !== null ? value : {}) as RunSettings;
}
