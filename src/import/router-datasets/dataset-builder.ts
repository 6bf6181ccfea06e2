import { UsageError } from '../../errors.js';
import { readInputFile } from '../read-input-file.js';
import { ImportError, type ImportOptions, type ImportTally } from '../types.js';
import type { DatasetAnswer, DatasetItem, DatasetReadOptions, RecordedAnswer } from './types.js';

const amountNames = { costUsd: 'the cost', inputTokens: 'the input tokens', outputTokens: 'the output tokens' } as const;

/**
 * Collects what a reader finds: items in the order first seen (a later copy
 * of an item, from another model's file, adds only a gold answer the first
 * lacked), and one answer per item and model. An answer without a score is
 * counted and left out; a malformed record stops the import with its file
 * and line, or with `--skip-bad` is counted.
 */
export class DatasetBuilder {
  readonly items = new Map<string, DatasetItem>();
  readonly answers: DatasetAnswer[] = [];
  /** What the summary says beside the counts (items without a gold answer, prompts without text). */
  readonly notes: string[] = [];
  private readonly answered = new Set<string>();
  private file = '';

  constructor(readonly tally: ImportTally, readonly options: Pick<ImportOptions, 'skipBad'>) {}

  /** Reads each file whole and hands it over; a problem in one names it. */
  eachFile(files: readonly string[], read: (file: string, text: string) => void): void {
    for (const file of files) {
      const text = readInputFile(file);
      this.file = file;
      try {
        read(file, text);
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        const hint = error.line !== undefined && !this.options.skipBad ? ' (--skip-bad leaves malformed records out, counted)' : '';
        throw new UsageError(`${file}: ${error.message}${hint}`);
      }
    }
  }

  addItem(item: DatasetItem): void {
    const known = this.items.get(item.id);
    if (known === undefined) this.items.set(item.id, item);
    else if (known.expected === undefined && item.expected !== undefined) known.expected = item.expected;
  }

  /**
   * One model's recorded answer, its values as the source spells them: a
   * missing score is counted and left out; a score outside 0..1, a cost or
   * token count that is not a non-negative number, or a second answer of a
   * model to one item is malformed.
   */
  addAnswer(recorded: RecordedAnswer, line: number): void {
    const score = readScore(recorded.score);
    if (score === 'missing') return this.skip('answers without a score');
    if (score === 'bad') return this.malformed(line, `the score of "${recorded.model}" is "${String(recorded.score)}", not a number from 0 to 1 (or true/false)`);
    const answer: DatasetAnswer = { id: recorded.id, model: recorded.model, output: typeof recorded.output === 'string' ? recorded.output : '', score };
    for (const key of ['costUsd', 'inputTokens', 'outputTokens'] as const) {
      const amount = readAmount(recorded[key]);
      if (amount === 'bad') return this.malformed(line, `${amountNames[key]} of "${recorded.model}" is "${String(recorded[key])}", not a non-negative number`);
      if (amount !== undefined) answer[key] = amount;
    }
    const key = JSON.stringify([answer.id, answer.model]);
    if (this.answered.has(key)) return this.malformed(line, `a second answer of "${answer.model}" for item "${answer.id}"`);
    this.answered.add(key);
    this.answers.push(answer);
  }

  skip(reason: string): void {
    this.tally.skipped.set(reason, (this.tally.skipped.get(reason) ?? 0) + 1);
  }

  malformed(line: number, message: string): void {
    if (!this.options.skipBad) throw new ImportError(message, line);
    this.tally.bad.push({ line, message: `${this.file}: ${message}` });
  }
}

/** A format's reader: what it takes beside its files, and how it fills a builder. */
export interface RouterDatasetFormat {
  name: 'routerbench' | 'routellm' | 'routerarena' | 'llmrouterbench' | 'embedllm';
  /** One line for `import --help` and the README. */
  summary: string;
  /** Which of the format-specific options it takes; any other given is refused. */
  takes: Array<'gold' | 'prompts' | 'idPrefix'>;
  read(files: readonly string[], options: DatasetReadOptions, into: DatasetBuilder): void;
}

/** What `score` cells and fields hold: a number 0..1 or true/false; empty, null and NaN are a missing score. */
export function readScore(value: unknown): number | 'missing' | 'bad' {
  if (value === undefined || value === null) return 'missing';
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = String(value).trim();
  if (text === '' || /^(nan|none|null)$/i.test(text)) return 'missing';
  if (/^true$/i.test(text)) return 1;
  if (/^false$/i.test(text)) return 0;
  const number = typeof value === 'number' ? value : Number(text);
  if (Number.isNaN(number)) return typeof value === 'number' ? 'missing' : 'bad';
  return number >= 0 && number <= 1 ? number : 'bad';
}

/** A non-negative number (a cost, a token count), undefined when absent; 'bad' when it is something else. */
export function readAmount(value: unknown): number | undefined | 'bad' {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(String(value).trim());
  if (typeof value === 'number' ? Number.isNaN(value) : /^nan$/i.test(String(value).trim())) return undefined;
  return Number.isFinite(number) && number >= 0 ? number : 'bad';
}
