import { readFileSync } from 'node:fs';
import { countTokens as publishedCount } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../metrics/stats/random.js';
import { createBpeCounter } from './bpe-count.js';
import { loadTokenCounter, publishedRanks } from './count-tokens.js';
import { decodeTokenTable, encodeTokenTable } from './token-table.js';

/** Texts of every kind a suite meets: prose, numbers, code, whitespace runs, scripts and emoji. */
function sampleTexts(): string[] {
  const random = createRandom(20_261_201, 'texts');
  const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 \n\t.,;:!?\'"()[]{}<>/\\|@#$%^&*-_=+~`',
    'é', 'ß', 'ñ', 'ü', 'Ж', 'щ', '日', '本', '語', 'ह', 'ि', 'ع', 'ب', '😀', '👍🏽', '\u00a0', '\r\n', '  ', '...', "'s", "'LL"];
  const texts = [
    'The answer is 30 days.', 'Either party may terminate on 30 days notice.', '$1,234.50', '2026-12-01', 'ThisIsCamelCase and snake_case',
    "don't won't I'LL we've", 'function f(x) { return x * 2; }\n', '   leading and trailing   ', '\n\n\n', '1234567890123', 'naïve café résumé',
    '東京都は日本の首都です。', 'Привет, как дела?', 'مرحبا بالعالم', 'नमस्ते दुनिया', '👩‍👩‍👧‍👦 family', 'a'.repeat(300), '   \t  \n x',
  ];
  for (let index = 0; index < 3000; index++) {
    const length = 1 + random.nextInt(60);
    let text = '';
    for (let position = 0; position < length; position++) text += alphabet[random.nextInt(alphabet.length)];
    texts.push(text);
  }
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (let start = 0; start < readme.length; start += 997) texts.push(readme.slice(start, start + 1500));
  return texts;
}

describe('the o200k token counter', () => {
  it('counts every sample text exactly as gpt-tokenizer does', async () => {
    const count = await loadTokenCounter();
    const differing = sampleTexts().filter((text) => count(text) !== publishedCount(text)).map((text) => JSON.stringify(text));
    expect(differing).toEqual([]);
  });

  it('reads the table it writes, and counts special tokens as the text they are', async () => {
    const { O200K_TOKEN_SPLIT_REGEX } = await import('gpt-tokenizer/encodingParams/constants');
    const table = decodeTokenTable(encodeTokenTable(await publishedRanks()));
    const count = createBpeCounter(table, O200K_TOKEN_SPLIT_REGEX);
    expect(count('hello world')).toBe(2);
    expect(count('')).toBe(0);
    // gpt-tokenizer refuses a disallowed special token; a model's output may hold one, and is counted as text.
    expect(() => publishedCount('<|endoftext|>')).toThrow();
    expect(count('<|endoftext|>')).toBe(publishedCount('<|endoftext|>', { disallowedSpecial: new Set() }));
  });
});
