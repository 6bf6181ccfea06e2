import { collectGarbage } from '../util/collect-garbage.js';

export type TokenCounter = (text: string) => number;

let counter: Promise<TokenCounter> | undefined;

/** Remembered counts: the same prompt is counted by the router, the mock and the store. */
const memoLimit = 4096;

/**
 * A real BPE count (o200k, the encoding of current OpenAI models) used for
 * mock usage, prompt-length routing and estimates where a provider reports
 * none. Loaded on first use: the encoder costs ~90 ms to load.
 */
export function loadTokenCounter(): Promise<TokenCounter> {
  counter ??= import('gpt-tokenizer/encoding/o200k_base').then((module) => {
    const count = module.countTokens as (text: string) => number;
    collectGarbage();
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
  });
  return counter;
}
