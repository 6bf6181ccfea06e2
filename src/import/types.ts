import { UsageError } from '../errors.js';
import type { Message } from '../types/index.js';

/**
 * One exchange read from a production log: the conversation the incumbent
 * model was sent and the answer it gave. Every importer turns its format
 * into these; `import` deduplicates, samples and writes them as a suite.
 */
export interface ImportedExchange {
  /** Where it was read, for messages: the 1-based line (JSONL, CSV record) or record number. */
  line: number;
  /** The log's own id of the request, when it has one (a trace/span id, a custom_id): kept as a field, never trusted as unique. */
  sourceId?: string;
  /** The conversation sent, in order: system, user and assistant turns, text only (tool calls flattened to text). */
  messages: Message[];
  /** The incumbent's reply text. */
  answer: string;
  /** The model that answered: the response's model, else the request's. */
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** What the log says the call cost, in USD. */
  costUsd?: number;
  latencyMs?: number;
  /** Flat metadata the user may tag or sample by (`--by`, `--tag-by`): strings, numbers, booleans only. */
  metadata: Record<string, string | number | boolean>;
  /** A gold answer, when the log carries one (a label or reference column): becomes the item's `expected`. */
  label?: string;
  /** Tool calls and tool results in the conversation, flattened to text (counted in the summary). */
  toolTurns: number;
}

/** What an importer tells the user beside its exchanges: what it skipped and why, and what it dropped. */
export interface ImportTally {
  /** Records read (lines, rows, spans, runs), usable or not. */
  read: number;
  /** Skipped records by reason (`no captured content`, `answer is a tool call`, `not an llm run`, ...). */
  skipped: Map<string, number>;
  /** Credentials found and dropped (Authorization headers, api_key fields, strings that look like provider keys). */
  credentialsDropped: number;
  /** Malformed records (bad JSON, missing required keys) with `--skip-bad`; without it the first one throws. */
  bad: Array<{ line: number; message: string }>;
}

export interface ImportOptions {
  /** Continue past malformed records (counted in `bad`); without it a malformed record is an ImportError. */
  skipBad: boolean;
  /** CSV / generic JSONL: where the prompt, the answer, the model (and optional label) are. */
  columns?: { prompt?: string; answer?: string; model?: string; label?: string; system?: string };
  /** OpenAI Batch output: the input file whose lines carry the requests, joined by custom_id. */
  batchInput?: string;
}

/** A format's reader: detects its files from their first bytes and reads them. */
export interface ImportFormat {
  name: 'openai-chat' | 'otel' | 'langfuse' | 'langsmith' | 'csv' | 'jsonl';
  /** One line for `import --help` and the "tried these formats" message. */
  summary: string;
  /** True when the text (the start of the file, at most 64 KiB) looks like this format. */
  detect(head: string, fileName: string): boolean;
  read(text: string, options: ImportOptions, tally: ImportTally): ImportedExchange[];
}

/** A malformed input: one line for the user, with the line number, exit 2. */
export class ImportError extends UsageError {
  constructor(message: string, readonly line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'ImportError';
  }
}

export function newTally(): ImportTally {
  return { read: 0, skipped: new Map(), credentialsDropped: 0, bad: [] };
}

export function skip(tally: ImportTally, reason: string): void {
  tally.skipped.set(reason, (tally.skipped.get(reason) ?? 0) + 1);
}
