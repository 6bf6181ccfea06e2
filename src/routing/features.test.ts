import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFeatures } from './features.js';

// A no-break space is neither a letter nor a digit: appended, it changes no word, and sends the text down
// the general path (any non-ASCII character does), so the two paths can be compared on the same words.
const generalPath = (text: string) => extractFeatures({ text: `${text}\u00a0`, tags: ['t'], promptTokens: 12 });
const asciiPath = (text: string) => extractFeatures({ text, tags: ['t'], promptTokens: 12 });

describe('extractFeatures', () => {
  it('gives ASCII text the same features on its fast path as on the general one', () => {
    const samples = ['', 'one', 'The Contract, clause 7(b): TERMINATION upon 30 days notice.', 'a1 B2 c3d4--e5\n\tF6', '!!!', 'x y x y x'];
    for (const text of samples) expect(asciiPath(text)).toEqual(generalPath(text));
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('a', 'B', 'z', 'Q', '0', '9', ' ', '-', '.', '_', '\n', '@', '[', '`', '{') }), (text) => {
      expect(asciiPath(text)).toEqual(generalPath(text));
    }), { numRuns: 500 });
  });

  it('sees words, not their case, and tells different texts apart', () => {
    expect(asciiPath('Hello World')).toEqual(asciiPath('hello world'));
    expect(asciiPath('hello world').indices).not.toEqual(asciiPath('hello there').indices);
    // Unigrams, bigrams, the tag and the length: 2 + 1 + 1 + 1.
    expect(asciiPath('hello world').indices).toHaveLength(5);
  });

  it('reads words in any script on the general path', () => {
    const features = extractFeatures({ text: 'Größe 東京 ١٢٣', tags: [], promptTokens: 3 });
    // Three words, two bigrams (some may share a bucket), and the length.
    expect(features.indices.length).toBeGreaterThanOrEqual(4);
    expect(features.indices.length).toBeLessThanOrEqual(6);
  });
});
