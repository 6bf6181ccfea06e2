import type { TokenTable } from './token-table.js';

/**
 * Counts the tokens of a text as tiktoken's byte-pair encoding would: the
 * text is split into pieces by the encoding's pattern, and each piece,
 * unless it is a token whole, is merged pair by pair from its bytes, the
 * lowest-ranked adjacent pair first (the first of equals), until no
 * adjacent pair is a token. Special tokens are counted as the text they are,
 * as providers treat them in a user's message.
 */
export function createBpeCounter(table: TokenTable, splitPattern: RegExp): (text: string) => number {
  const encoder = new TextEncoder();
  let scratch = new Uint8Array(1024);
  const split = new RegExp(splitPattern.source, splitPattern.flags.includes('g') ? splitPattern.flags : `${splitPattern.flags}g`);
  return (text) => {
    let count = 0;
    split.lastIndex = 0;
    for (let match = split.exec(text); match !== null; match = split.exec(text)) {
      const piece = match[0];
      // Three bytes a UTF-16 unit at most.
      if (scratch.length < piece.length * 3) scratch = new Uint8Array(piece.length * 3);
      const { written } = encoder.encodeInto(piece, scratch);
      count += table.rankOf(scratch, 0, written) === -1 ? mergedLength(table, scratch, written) : 1;
    }
    return count;
  };
}

/** The number of tokens the bytes merge into. */
function mergedLength(table: TokenTable, bytes: Uint8Array, length: number): number {
  // starts[i]: where part i begins; ranks[i]: the rank of part i joined with part i + 1 (Infinity: no such token).
  const starts: number[] = [];
  const ranks: number[] = [];
  const rankOfSpan = (from: number, to: number | undefined) => {
    if (to === undefined) return Number.POSITIVE_INFINITY;
    const rank = table.rankOf(bytes, from, to);
    return rank === -1 ? Number.POSITIVE_INFINITY : rank;
  };
  for (let index = 0; index <= length; index++) {
    starts.push(index);
    ranks.push(index < length - 1 ? rankOfSpan(index, index + 2) : Number.POSITIVE_INFINITY);
  }
  while (starts.length > 1) {
    let lowest = Number.POSITIVE_INFINITY;
    let at = -1;
    for (let index = 0; index < ranks.length - 1; index++) {
      if (ranks[index]! < lowest) {
        lowest = ranks[index]!;
        at = index;
      }
    }
    if (at === -1) break;
    starts.splice(at + 1, 1);
    ranks.splice(at, 1);
    ranks[at] = rankOfSpan(starts[at]!, starts[at + 2]);
    if (at > 0) ranks[at - 1] = rankOfSpan(starts[at - 1]!, starts[at + 1]);
  }
  return starts.length - 1;
}
