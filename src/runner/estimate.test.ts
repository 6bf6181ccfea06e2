import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../suite/load-suite.js';
import { estimateCosts, outputTokenGuesses, type StoredOutputMeans } from './estimate.js';

/** One token a word: the numbers below are worked out by hand. */
const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;
const nothingStored: StoredOutputMeans = { answer: new Map(), judge: new Map() };

const suiteText = (writer: string) => `name: estimated
prompt: "Q {{q}}"
checks:
  - type: llm-judge
    model: judge
    prompt: "Grade {{answer}} against {{reference}}"
models:
  writer: { provider: mock, ${writer}price: { input_mtok: 1, output_mtok: 2 } }
  judge: { provider: mock, replies: ['{"verdict": "pass", "score": 1, "reason": "ok"}'], max_tokens: 20, price: { input_mtok: 5, output_mtok: 15 } }
  taped: { provider: replay, file: taped.jsonl, price: { input_mtok: 3, output_mtok: 4 } }
configurations:
  all-writer: { model: writer }
  all-taped: { model: taped }
items:
  - { id: a, q: "one two", expected: "x y z" }
  - { id: b, q: "three", expected: "w" }
`;

async function estimated(writer = 'max_tokens: 10, ', stored = nothingStored, repeat = 1) {
  const folder = mkdtempSync(join(tmpdir(), 'route-bench-estimate-'));
  writeFileSync(join(folder, 'suite.yaml'), suiteText(writer));
  writeFileSync(join(folder, 'taped.jsonl'), '{"id": "a", "output": "alpha beta gamma", "output_tokens": 7, "cost_usd": 0.5}\n{"id": "b", "output": "delta epsilon"}\n');
  const suite = await loadSuite(join(folder, 'suite.yaml'));
  const outputTokens = outputTokenGuesses(suite, stored, countWords);
  const estimate = estimateCosts(suite, suite.configurations, { repeat, countTokens: countWords, outputTokens });
  const byName = (name: string) => estimate.configurations.find((configuration) => configuration.name === name)!;
  return { outputTokens, judgeModels: estimate.judgeModels, writer: byName('all-writer'), taped: byName('all-taped') };
}

describe('estimateCosts', () => {
  it('prices the answers at max_tokens, and each llm-judge call from its prompt, the answer\'s length and the judge\'s max_tokens', async () => {
    const { writer, judgeModels } = await estimated();
    // a: "Q one two" is 3 tokens in, 10 out at $1/$2 per Mtok; b: "Q three", 2 in, 10 out.
    expect(writer).toMatchObject({ calls: 2, inputTokens: 5, outputTokens: 20, inputOnly: false, callsByModel: { writer: 2 } });
    expect(writer.costUsd).toBeCloseTo((3 + 20 + 2 + 20) / 1e6, 15);
    // The judge reads "Grade  against x y z" (5) plus the 10-token answer, and writes 20, at $5/$15; for b, 3 + 10.
    expect(writer.grading).toMatchObject({ calls: 2, inputTokens: 15 + 13, outputTokens: 40, inputOnly: false });
    expect(writer.grading.costUsd).toBeCloseTo((15 * 5 + 20 * 15 + 13 * 5 + 20 * 15) / 1e6, 15);
    expect(judgeModels).toEqual(['judge']);
  });

  it('takes a replayed answer as recorded: its tokens and cost, and the judge reads its text', async () => {
    const { taped, outputTokens } = await estimated();
    // a: 3 in (counted), 7 out and $0.5 as recorded; b: 2 in, "delta epsilon" counted as 2 out, priced at $3/$4.
    expect(taped).toMatchObject({ calls: 2, inputTokens: 5, outputTokens: 9 });
    expect(taped.costUsd).toBeCloseTo(0.5 + (2 * 3 + 2 * 4) / 1e6, 15);
    // "Grade alpha beta gamma against x y z" (8) and "Grade delta epsilon against w" (5): no guessed length added.
    expect(taped.grading).toMatchObject({ calls: 2, inputTokens: 13, outputTokens: 40 });
    expect(taped.grading.costUsd).toBeCloseTo((8 * 5 + 300 + 5 * 5 + 300) / 1e6, 15);
    expect(outputTokens.answers.get('taped')).toEqual({ tokens: 4.5, source: 'recorded' });
  });

  it('prefers the mean of stored calls to max_tokens, answers and judgements apart', async () => {
    const stored: StoredOutputMeans = { answer: new Map([['writer', 4], ['judge', 99]]), judge: new Map([['judge', 6]]) };
    const { writer, outputTokens } = await estimated('max_tokens: 10, ', stored);
    expect(outputTokens.answers.get('writer')).toEqual({ tokens: 4, source: 'stored' });
    expect(outputTokens.judges.get('judge')).toEqual({ tokens: 6, source: 'stored' });
    expect(outputTokens.judges.get('writer')).toEqual({ tokens: 10, source: 'max_tokens' });
    expect(writer.costUsd).toBeCloseTo((3 + 8 + 2 + 8) / 1e6, 15);
    expect(writer.grading).toMatchObject({ inputTokens: 9 + 7, outputTokens: 12 });
    expect(writer.grading.costUsd).toBeCloseTo((9 * 5 + 6 * 15 + 7 * 5 + 6 * 15) / 1e6, 15);
  });

  it('says the cost is input only, answers and grading, when an answer\'s length is unknown', async () => {
    const { writer } = await estimated('');
    expect(writer).toMatchObject({ outputTokens: null, inputOnly: true });
    // The judge's own output is known; the answer it reads is not.
    expect(writer.grading).toMatchObject({ inputTokens: 5 + 3, outputTokens: 40, inputOnly: true });
  });

  it('counts every sample with --repeat', async () => {
    const once = await estimated();
    const twice = await estimated('max_tokens: 10, ', nothingStored, 2);
    expect(twice.writer.calls).toBe(4);
    expect(twice.writer.grading.calls).toBe(4);
    expect(twice.writer.grading.costUsd).toBeCloseTo(2 * once.writer.grading.costUsd, 15);
  });
});
