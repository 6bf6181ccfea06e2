import type { ResultRecord } from '../../types/index.js';
import { openDatabase, type SqliteDatabase } from '../open-database.js';
import { RunStore } from '../run-store.js';
import { parseRunSettings } from '../run-settings-document.js';

/** A run written through the store's own writer, as a live run would write it, from a plan of items and results. */

export interface PlannedItem {
  id: string;
  tags?: string[];
  fields: Record<string, unknown>;
  expected?: unknown;
}

export interface PlannedResult {
  status: ResultRecord['status'];
  output: string | null;
  model: string;
  /** Every model tried; default: the graded one. */
  models?: string[];
  routeReason?: string;
  reason?: string;
  costUsd?: number;
  latencyMs?: number;
  unanswered?: string;
  /** Record the answer calls of this run, with these tokens (input, output); default: none, as if served from an earlier run's cache. */
  tokens?: [number, number];
  route?: ResultRecord['route'];
}

export interface PlannedRun {
  prompt: string;
  baseline: string;
  seed?: number;
  referenceFields?: string[];
  configurations: Array<{ name: string; kind: string; spec: Record<string, unknown> }>;
  items: PlannedItem[];
  /** The first sample's result of a configuration for an item; undefined for none. */
  result: (configuration: string, item: PlannedItem, index: number) => PlannedResult | undefined;
}

export function storeRun(plan: PlannedRun, database: SqliteDatabase = openDatabase(':memory:')): { database: SqliteDatabase; runId: number } {
  const store = new RunStore(database);
  const options = parseRunSettings(JSON.stringify({ schemaVersion: 1, configurations: plan.configurations.map((each) => each.name), prompt: plan.prompt,
    referenceFields: plan.referenceFields ?? ['expected'] }));
  const runId = store.createRun({ kind: 'run', suiteName: 'planned', suiteVersion: 1, suiteHash: 'h', suitePath: null, toolVersion: 'test', seed: plan.seed ?? 7,
    repeat: 1, baseline: plan.baseline, frontier: 'frontier', marginPp: 1, status: 'running', itemCount: plan.items.length, options, startedAt: '2026-12-01T00:00:00Z',
    models: [], configurations: plan.configurations });
  const called = new Set<string>();
  plan.items.forEach((item, index) => {
    store.addItem({ runId, itemId: item.id, position: index, tags: item.tags ?? [], promptTokens: 20,
      expectedJson: item.expected === undefined ? null : JSON.stringify(item.expected), fieldsJson: JSON.stringify({ id: item.id, ...item.fields }) });
    for (const { name } of plan.configurations) {
      const planned = plan.result(name, item, index);
      if (!planned) continue;
      const models = planned.models ?? [planned.model];
      if (planned.tokens && !called.has(`${item.id}\u0000${planned.model}`)) {
        called.add(`${item.id}\u0000${planned.model}`);
        store.recordCall({ runId, itemId: item.id, modelName: planned.model, sample: 0, purpose: 'answer', cacheKey: `${item.id}:${planned.model}`, attempt: 1,
          status: 'ok', httpStatus: 200, inputTokens: planned.tokens[0], outputTokens: planned.tokens[1], cachedInputTokens: null, reasoningTokens: null,
          usageEstimated: false, costUsd: planned.costUsd ?? 0.001, latencyMs: planned.latencyMs ?? 10, output: planned.output, error: null, finishReason: 'stop',
          rawUsageJson: null, startedAt: '2026-12-01T00:00:00Z', usageNote: null });
      }
      store.recordResult({ runId, configuration: name, itemId: item.id, sample: 0, model: planned.model, models, routeReason: planned.routeReason ?? 'fixed',
        output: planned.output, status: planned.status, score: planned.status === 'pass' ? 1 : planned.status === 'fail' ? 0 : null, reason: planned.reason ?? null,
        unanswered: planned.unanswered ?? null, costUsd: planned.costUsd ?? 0.001, spentUsd: 0, latencyMs: planned.latencyMs ?? 10, cached: !planned.tokens,
        gradingCostUsd: 0, route: planned.route, finishReason: null });
    }
  });
  store.setStatus(runId, 'complete');
  return { database, runId };
}
