import { readFileSync } from 'node:fs';
import { createBpeCounter } from './bpe-count.js';
import { decodeTokenTable, encodeTokenTable, type RankList } from './token-table.js';

export type TokenCounter = (text: string) => number;

let counter: Promise<TokenCounter> | undefined;

/** Remembered counts: the same prompt is counted by the router, the mock and the store. */
const memoLimit = 4096;

/** Where the build writes the o200k table: dist/, where the bundled CLI runs from, one folder up from dist/tokens/. */
export const tokenTableUrl = new URL(import.meta.url.includes('/tokens/') ? '../o200k_base.table' : './o200k_base.table', import.meta.url);

/**
 * A real BPE count (o200k, the encoding of current OpenAI models) used for
 * mock usage, prompt-length routing and estimates where a provider reports
 * none. The vocabulary is read from the table the build wrote; where there
 * is none (the sources run directly, as in the tests) it is made from the
 * published ranks, which takes a few hundred milliseconds more.
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  counter ??= (async () => {
    const { O200K_TOKEN_SPLIT_REGEX } = await import('gpt-tokenizer/encodingParams/constants');
    const count = createBpeCounter(decodeTokenTable(await readTable()), O200K_TOKEN_SPLIT_REGEX);
    const memo = new Map<string, number>();
    return (text: string) => {
      if (text === '') return 0;
      let tokens = memo.get(text);
      if (tokens === undefined) {
        tokens = count(text);
        if (memo.size >= memoLimit) memo.clear();
        memo.set(text, tokens);
      }
      return tokens;
    };
  })();
  return counter;
}

async function readTable(): Promise<Uint8Array> {
  try {
    return readFileSync(tokenTableUrl);
  } catch {
    return encodeTokenTable(await publishedRanks());
  }
}

/** The o200k ranks as gpt-tokenizer publishes them: index = rank. */
export async function publishedRanks(): Promise<RankList> {
  return (await import('gpt-tokenizer/bpeRanks/o200k_base')).default as RankList;
}
