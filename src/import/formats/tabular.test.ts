import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportError, newTally, type ImportFormat, type ImportOptions } from '../types.js';
import { csvFormat, jsonlFormat } from './tabular.js';

const trafficFile = fileURLToPath(new URL('../__fixtures__/traffic.csv', import.meta.url));
const traffic = readFileSync(trafficFile, 'utf8');

function read(format: ImportFormat, text: string, options: Partial<ImportOptions> = {}) {
  const tally = newTally();
  const exchanges = format.read(text, { skipBad: false, ...options }, tally);
  return { exchanges, tally };
}

describe('csv: the traffic export', () => {
  const { exchanges, tally } = read(csvFormat, traffic);
  const row = (id: string) => exchanges.find((exchange) => exchange.metadata.id === id)!;

  it('reads every row, skipping the one without an answer', () => {
    expect(tally.read).toBe(32);
    expect(exchanges).toHaveLength(31);
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'empty answer': 1 });
    expect(exchanges.map((exchange) => exchange.metadata.id)).not.toContain('row-21');
  });

  it('makes the prompt one user turn, and keeps model, label and the other columns', () => {
    const first = row('row-1');
    expect(first.messages).toEqual([{ role: 'user', content: 'My order A-10442 was supposed to arrive on Monday and it still says "label created". What is going on?' }]);
    expect(first.model).toBe('gpt-4o-2024-08-06');
    expect(first.label).toBeUndefined();
    expect(first.metadata).toEqual({ id: 'row-1', timestamp: '2026-11-01T08:15:00Z', team: 'support' });
    expect(row('row-2').label).toBe('It lets a party end the agreement without having to show a breach, usually on written notice (for example 30 days)');
    expect(exchanges.filter((exchange) => exchange.label !== undefined)).toHaveLength(10);
    expect(exchanges.every((exchange) => exchange.toolTurns === 0 && exchange.inputTokens === undefined)).toBe(true);
  });

  it('keeps a quoted multi-line cell whole, and numbers a record by the line it starts on', () => {
    expect(row('row-6').messages[0]!.content).toBe('Why does this function return undefined?\n\nfunction total(items) {\n  items.reduce((sum, item) => sum + item.price, 0);\n}');
    expect(row('row-6').answer.split('\n')).toHaveLength(2);
    expect([row('row-1').line, row('row-6').line, row('row-7').line]).toEqual([2, 7, 13]);
  });

  it('reads the same from a file saved with CRLF line endings', () => {
    const crlf = read(csvFormat, traffic.replace(/\n/g, '\r\n'));
    expect(crlf.exchanges.map((exchange) => [exchange.line, exchange.messages, exchange.answer])).toEqual(exchanges.map((exchange) => [exchange.line, exchange.messages, exchange.answer]));
  });

  it('drops the planted token and counts it', () => {
    expect(tally.credentialsDropped).toBe(1);
    expect(JSON.stringify(exchanges)).not.toContain('hf_Qm7Xk2Lp9Vb4Nz8Rc3Hf6Tj1Gs5YaWdE0uKq');
    expect(row('row-15').messages[0]!.content).toContain('HF_TOKEN=[credential removed]');
  });
});

describe('csv: columns', () => {
  it('takes the columns the user names, and a system column as a system turn', () => {
    const text = 'Ticket,Question Text,Reply,Persona,engine\nT1,"Where, exactly, is my parcel?",In Leeds,You are terse.,gpt-4o-2024-08-06\n';
    const { exchanges } = read(csvFormat, text, { columns: { prompt: 'Question Text', answer: 'reply', system: 'Persona', model: 'engine' } });
    expect(exchanges).toEqual([{
      line: 2, answer: 'In Leeds', model: 'gpt-4o-2024-08-06', toolTurns: 0, metadata: { Ticket: 'T1' },
      messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Where, exactly, is my parcel?' }],
    }]);
  });

  it('finds input/output by their common names', () => {
    const { exchanges } = read(csvFormat, 'input,output\nHi,Hello\n');
    expect(exchanges.map((exchange) => [exchange.messages[0]!.content, exchange.answer])).toEqual([['Hi', 'Hello']]);
  });

  it('names the columns there are and the flags, when it finds no prompt or answer', () => {
    expect(() => read(csvFormat, 'query,reply\nHi,Hello\n')).toThrow(/no prompt column \(looked for prompt, input, question\); the columns are: query, reply; name them with --prompt-column and --answer-column/);
    expect(() => read(csvFormat, 'prompt,reply\nHi,Hello\n')).toThrow(/no answer column/);
    expect(() => read(csvFormat, 'prompt,answer\nHi,Hello\n', { columns: { label: 'gold' } })).toThrow(/no column "gold" \(--label-column\); the columns are: prompt, answer/);
    expect(() => read(csvFormat, 'query,reply\n')).toThrow(/the columns are: query, reply/);
  });
});

describe('csv: malformed records', () => {
  const text = 'prompt,answer\nHi,Hello\nOne,two,three\n\nAgain,Hello again\n';

  it('stops at a record with the wrong number of cells, with its line', () => {
    try {
      read(csvFormat, text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ImportError);
      expect((error as ImportError).line).toBe(3);
      expect((error as Error).message).toMatch(/^line 3: invalid CSV: .*every row needs as many values as the header has columns/);
    }
  });

  it('counts it and reads on with --skip-bad', () => {
    const { exchanges, tally } = read(csvFormat, text, { skipBad: true });
    expect(exchanges.map((exchange) => [exchange.line, exchange.answer])).toEqual([[2, 'Hello'], [5, 'Hello again']]);
    expect(tally.read).toBe(3);
    expect(tally.bad).toEqual([{ line: 3, message: expect.stringMatching(/^invalid CSV/) }]);
  });
});

describe('csv: detect', () => {
  it('knows a .csv file, or a header with a prompt-like column', () => {
    expect(csvFormat.detect('anything', 'traffic.CSV')).toBe(true);
    expect(csvFormat.detect(traffic.slice(0, 200), 'export.txt')).toBe(true);
    expect(csvFormat.detect('\uFEFF"Question",reply\n', 'export.txt')).toBe(true);
    expect(csvFormat.detect('{"prompt": "a", "answer": "b"}\n', 'log.jsonl')).toBe(false);
    expect(csvFormat.detect('name,email\n', 'people.txt')).toBe(false);
  });
});

describe('jsonl: fields named by dotted paths', () => {
  const lines = [
    { data: { prompt: 'Translate "hello" to French.' }, outputs: { text: 'Bonjour.' }, model: 'gpt-4o-2024-08-06', team: 'i18n', metadata: { env: 'prod', nested: { a: 1 } } },
    { data: { messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of Peru?' }] }, outputs: { text: 'Lima.' }, model: 'claude-opus-4-1' },
    { data: { prompt: 'Hi' }, outputs: {} },
    { data: { prompt: '' }, outputs: { text: 'Hello' } },
    { data: { prompt: 42 }, outputs: { text: 'Hello' } },
  ].map((line) => JSON.stringify(line));

  it('reads the prompt, answer and model from their paths, the rest as metadata', () => {
    const { exchanges, tally } = read(jsonlFormat, lines[0]!, { columns: { prompt: 'data.prompt', answer: 'outputs.text', model: 'model' } });
    // The nested metadata value is not flat, and is left out.
    expect(exchanges).toEqual([{ line: 1, answer: 'Bonjour.', model: 'gpt-4o-2024-08-06', toolTurns: 0, messages: [{ role: 'user', content: 'Translate "hello" to French.' }], metadata: { env: 'prod', team: 'i18n' } }]);
    expect(tally.read).toBe(1);
  });

  it('flattens a path to a list of chat messages', () => {
    const { exchanges } = read(jsonlFormat, lines[1]!, { columns: { prompt: 'data.messages', answer: 'outputs.text' } });
    expect(exchanges[0]!.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Capital of Peru?' }]);
    // `model` is found by its name, as in a CSV, and so is not metadata.
    expect([exchanges[0]!.model, exchanges[0]!.metadata]).toEqual(['claude-opus-4-1', {}]);
  });

  it('calls a line without the path malformed, and skips an empty cell', () => {
    const columns = { prompt: 'data.prompt', answer: 'outputs.text' };
    expect(() => read(jsonlFormat, lines.join('\n'), { columns })).toThrow(/^line 2: no prompt column \(looked for "data.prompt"\)/);
    const { exchanges, tally } = read(jsonlFormat, lines.join('\n'), { columns, skipBad: true });
    expect(exchanges.map((exchange) => exchange.line)).toEqual([1]);
    expect(tally.read).toBe(5);
    expect(tally.bad.map((bad) => bad.line)).toEqual([2, 3, 5]);
    expect(tally.bad[2]!.message).toBe('"data.prompt" is not text or a list of chat messages');
    expect(Object.fromEntries(tally.skipped)).toEqual({ 'empty prompt': 1 });
  });

  it('never claims a file by its text: any JSONL would match', () => {
    expect(jsonlFormat.detect(lines[0]!, 'log.jsonl')).toBe(false);
  });
});
