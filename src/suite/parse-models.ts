import type { HttpSettings, ModelLimits, ModelSettings, MockSettings, PriceSpec } from '../types/index.js';
import { isPlainObject, Validator, type PlainObject } from '../yaml/validator.js';
import { parseMockSettings } from '../mock/parse-mock-settings.js';
import type { DocumentPath } from '../yaml/yaml-source.js';

export const providerNames = ['mock', 'openai', 'anthropic', 'replay'] as const;

const commonKeys = ['provider', 'model', 'price', 'system', 'temperature', 'max_tokens', 'stop', 'max_concurrency',
  'requests_per_minute', 'tokens_per_minute', 'timeout_ms', 'max_attempts', 'max_retry_wait_ms', 'max_response_bytes', 'down_after_failures',
  'down_after_ms'];
const httpKeys = ['base_url', 'api_key_env', 'share_key', 'extra_body', 'headers'];
const providerKeys: Record<string, string[]> = {
  mock: ['quality', 'latency_ms', 'latency_jitter_ms', 'faults', 'replies'],
  replay: ['file', 'from_run', 'replay_model', 'on_missing'],
  openai: httpKeys,
  anthropic: httpKeys,
};
const defaultBaseUrls: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com/v1',
};
/** Far above any chat answer (128k tokens of text are about 0.5 MB), far below what sinks a run. */
export const defaultMaxResponseBytes = 8 * 1024 * 1024;
const defaultApiKeyEnv: Record<string, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

/** A model entry before its price is resolved (that may need the bundled price data). */
export interface ParsedModel {
  name: string;
  provider: string;
  model: string;
  price?: PriceSpec;
  /** `price:` is written but could not be read (its problem is reported). */
  priceInvalid?: boolean;
  settings: ModelSettings;
  mock?: MockSettings;
  http?: HttpSettings;
  replay?: { file?: string; fromRun?: { db: string; run?: string; model?: string }; replayModel: string; onMissing: 'error' | 'skip' };
  limits: ModelLimits;
  path: DocumentPath;
}

/** The `models:` block: one parsed model per entry that can be read (each one that cannot is a problem). */
export function parseModels(root: PlainObject, validator: Validator): ParsedModel[] {
  const models = root.models === undefined ? undefined : validator.object(root.models, ['models']);
  if (root.models === undefined) validator.report([], 'missing required key "models" (the models to compare)');
  if (!models) return [];
  if (Object.keys(models).length === 0) validator.report(['models'], 'needs at least one model');
  return Object.entries(models).flatMap(([modelName, spec]) => {
    const model = parseModel(modelName, spec, ['models', modelName], validator);
    return model ? [model] : [];
  });
}

export function parseModel(name: string, value: unknown, path: DocumentPath, validator: Validator): ParsedModel | undefined {
  const spec = validator.object(value, path);
  if (!spec) return undefined;
  const provider = validator.oneOf(spec.provider, [...path, 'provider'], providerNames, 'provider');
  if (spec.provider === undefined) return undefined;
  validator.knownKeys(spec, path, [...commonKeys, ...(provider ? providerKeys[provider]! : [])]);
  const model = spec.model === undefined ? name : validator.string(spec, 'model', path);
  const settings = parseSettings(spec, path, validator);
  const price = spec.price === undefined ? undefined : parsePrice(spec.price, [...path, 'price'], validator);
  const mock = provider === 'mock' ? parseMockSettings(spec, path, validator) : undefined;
  const http = provider && provider in defaultBaseUrls ? parseHttp(provider, spec, path, validator) : undefined;
  const limits = parseLimits(spec, path, validator);
  const replay = provider === 'replay' ? parseReplay(spec, path, validator, model ?? name) : undefined;
  if (!provider || model === undefined) return undefined;
  return { name, provider, model, price, priceInvalid: spec.price !== undefined && price === undefined, settings, mock, http, replay, limits, path };
}

function parseSettings(spec: PlainObject, path: DocumentPath, validator: Validator): ModelSettings {
  const settings: ModelSettings = {};
  const system = validator.string(spec, 'system', path);
  if (system !== undefined) settings.system = system;
  const temperature = validator.number(spec, 'temperature', path, { min: 0, max: 2 });
  if (temperature !== undefined) settings.temperature = temperature;
  const maxTokens = validator.number(spec, 'max_tokens', path, { integer: true, min: 1 });
  if (maxTokens !== undefined) settings.maxOutputTokens = maxTokens;
  const stop = validator.stringList(spec, 'stop', path);
  if (stop !== undefined) settings.stop = stop;
  return settings;
}

const priceKeys = ['input_mtok', 'output_mtok', 'cached_input_mtok'];

export function parsePrice(value: unknown, path: DocumentPath, validator: Validator): PriceSpec | undefined {
  const spec = validator.object(value, path, 'a mapping such as { input_mtok: 3, output_mtok: 15 } (USD per million tokens)');
  if (!spec) return undefined;
  validator.knownKeys(spec, path, priceKeys);
  const input = validator.number(spec, 'input_mtok', path, { required: true, min: 0 });
  const output = validator.number(spec, 'output_mtok', path, { required: true, min: 0 });
  const cached = validator.number(spec, 'cached_input_mtok', path, { min: 0 });
  if (input === undefined || output === undefined) return undefined;
  return { inputPerMtokUsd: input, outputPerMtokUsd: output, cachedInputPerMtokUsd: cached, source: 'suite' };
}




function parseLimits(spec: PlainObject, path: DocumentPath, validator: Validator): ModelLimits {
  return {
    maxConcurrency: validator.number(spec, 'max_concurrency', path, { integer: true, min: 1 }),
    requestsPerMinute: validator.number(spec, 'requests_per_minute', path, { above: 0 }),
    tokensPerMinute: validator.number(spec, 'tokens_per_minute', path, { above: 0 }),
    timeoutMs: validator.number(spec, 'timeout_ms', path, { above: 0 }) ?? 120_000,
    maxAttempts: validator.number(spec, 'max_attempts', path, { integer: true, min: 1, max: 100 }) ?? 6,
    maxRetryWaitMs: validator.number(spec, 'max_retry_wait_ms', path, { min: 0 }) ?? 60_000,
    maxResponseBytes: validator.number(spec, 'max_response_bytes', path, { integer: true, min: 1024 }) ?? defaultMaxResponseBytes,
    downAfterFailures: validator.number(spec, 'down_after_failures', path, { integer: true, min: 1 }) ?? 10,
    downAfterMs: validator.number(spec, 'down_after_ms', path, { min: 0 }) ?? 10_000,
  };
}

function parseHttp(provider: string, spec: PlainObject, path: DocumentPath, validator: Validator): HttpSettings {
  const baseUrl = (validator.string(spec, 'base_url', path) ?? defaultBaseUrls[provider]!).replace(/\/+$/, '');
  if (!/^https?:\/\//.test(baseUrl)) validator.report([...path, 'base_url'], 'must start with http:// or https://');
  // `api_key_env: none` is for local servers (vLLM, Ollama, llama.cpp) that take no key.
  const noKey = spec.api_key_env === null || spec.api_key_env === 'none';
  const apiKeyEnv = noKey ? undefined : (validator.string(spec, 'api_key_env', path) ?? defaultApiKeyEnv[provider]);
  if (apiKeyEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) {
    validator.report([...path, 'api_key_env'], 'must be the name of an environment variable, such as OPENAI_API_KEY (never the key itself)');
  }
  if (spec.share_key !== undefined && typeof spec.share_key !== 'boolean') {
    validator.report([...path, 'share_key'], 'must be true or false: true leaves the key variable in the environment of external routers and custom checks');
  }
  const extraBody = spec.extra_body === undefined ? {} : (validator.object(spec.extra_body, [...path, 'extra_body']) ?? {});
  const headers: Record<string, string> = {};
  if (spec.headers !== undefined) {
    const given = validator.object(spec.headers, [...path, 'headers']) ?? {};
    for (const [header, value] of Object.entries(given)) {
      if (typeof value === 'string') headers[header] = value;
      else validator.report([...path, 'headers', header], 'must be a string');
    }
  }
  return { baseUrl, apiKeyEnv, shareKey: spec.share_key === true, extraBody, headers };
}

/**
 * The environment variables the suite's models read their keys from, as
 * written (before validation, which may load custom checks), and those a
 * model shares with external routers and custom checks (`share_key: true`).
 */
export function keyVariablesOf(models: unknown): { names: string[]; shared: Set<string> } {
  const names: string[] = [];
  const shared = new Set<string>();
  if (!isPlainObject(models)) return { names, shared };
  for (const spec of Object.values(models)) {
    if (!isPlainObject(spec) || typeof spec.provider !== 'string') continue;
    const variable = spec.api_key_env === undefined ? defaultApiKeyEnv[spec.provider] : spec.api_key_env;
    if (typeof variable !== 'string' || variable === 'none') continue;
    names.push(variable);
    if (spec.share_key === true) shared.add(variable);
  }
  return { names, shared };
}

function parseReplay(spec: PlainObject, path: DocumentPath, validator: Validator, model: string): ParsedModel['replay'] {
  if ((spec.file === undefined) === (spec.from_run === undefined)) {
    validator.report(path, 'a replay model needs exactly one of `file:` (a JSONL or CSV of outputs) or `from_run: { db, run, model }` (a stored run)');
    return undefined;
  }
  const file = spec.file === undefined ? undefined : validator.string(spec, 'file', path, true);
  let fromRun: { db: string; run?: string; model?: string } | undefined;
  if (spec.from_run !== undefined) {
    const runPath = [...path, 'from_run'];
    const given = validator.object(spec.from_run, runPath, 'a mapping { db: <file>, run: <id or latest>, model: <model name in that run> }');
    if (!given) return undefined;
    validator.knownKeys(given, runPath, ['db', 'run', 'model']);
    const db = validator.string(given, 'db', runPath, true);
    const run = given.run === undefined ? undefined : String(given.run);
    const runModel = validator.string(given, 'model', runPath);
    if (db === undefined) return undefined;
    fromRun = { db, run, model: runModel };
  }
  const replayModel = validator.string(spec, 'replay_model', path) ?? model;
  const onMissing = spec.on_missing === undefined ? 'error' : validator.oneOf(spec.on_missing, [...path, 'on_missing'], ['error', 'skip'], 'on_missing value');
  if ((file === undefined && fromRun === undefined) || onMissing === undefined) return undefined;
  return { file, fromRun, replayModel, onMissing: onMissing as 'error' | 'skip' };
}
