import { ImportError } from '../types.js';

/**
 * A public router dataset, whatever its layout: the items (a prompt, the
 * source's task name, a gold answer where it has one) and every model's
 * recorded answer to them with its score. Each format's reader fills one;
 * one writer turns it into a dataset, a replay file and a suite.
 */
export interface DatasetItem {
  id: string;
  prompt: string;
  /** The source's own name of the task or benchmark the item comes from: becomes the tag `task:<name>`. */
  task?: string;
  /** The gold answer, where the source has one: the item's `expected`. */
  expected?: string;
}

export interface DatasetAnswer {
  id: string;
  /** The source's name of the model. */
  model: string;
  output: string;
  /** The recorded grade, 0..1: the `recorded` check's score. */
  score: number;
  costUsd?: number;
  inputTokens?: number;
  outputTokens?: number;
}

/** An answer as read, before its values are checked. */
export interface RecordedAnswer {
  id: string;
  model: string;
  output: unknown;
  score: unknown;
  costUsd?: unknown;
  inputTokens?: unknown;
  outputTokens?: unknown;
}

export interface DatasetReadOptions {
  skipBad: boolean;
  /** RouteLLM: a GSM8K-style jsonl (question, answer) whose answers become `expected`, matched by prompt. */
  gold?: string;
  /** EmbedLLM: a CSV (prompt_id, prompt) with the prompts' text. */
  prompts?: string;
  /** RouteLLM: ids are `<prefix>-<n>`. */
  idPrefix: string;
}

/** A string, or a number written as one (ids, gold answers); undefined for anything else or an empty string. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The columns a table lacks, as the one-line error that names them and those it has. */
export function requireColumns(header: readonly string[], wanted: readonly string[], format: string): void {
  const missing = wanted.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new ImportError(`not a ${format} file: no ${missing.map((name) => `"${name}"`).join(', ')} column${missing.length > 1 ? 's' : ''}; the columns are: ${header.join(', ') || '(none)'}`);
  }
}
