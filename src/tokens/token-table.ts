/**
 * A BPE vocabulary laid out for lookups with no parsing at load: the
 * tokens' bytes one after another, their offsets, and an open-addressing
 * hash table of ranks (FNV-1a over the bytes, linear probing). Built once
 * from the published ranks (`route-bench` ships the table for o200k), read
 * at start-up as one file: loading the ranks as a JavaScript module and
 * filling a Map from them took 0.4 s of every run.
 *
 * File: "RBT1", token count n, table size t (a power of two), then
 * n + 1 uint32 offsets, t int32 ranks (-1: empty), then the bytes.
 */
export interface TokenTable {
  /** The rank of the bytes `from` up to `to` (exclusive), or -1 when they are no token. */
  rankOf(bytes: Uint8Array, from: number, to: number): number;
}

const magic = 0x31544252; // "RBT1", little-endian

/** The ranks as the vocabulary lists them: index = rank, the token as text or as bytes (undefined where unused). */
export type RankList = ReadonlyArray<string | readonly number[] | undefined>;

export function encodeTokenTable(ranks: RankList): Uint8Array {
  const encoder = new TextEncoder();
  const tokens: Uint8Array[] = [];
  let byteCount = 0;
  for (let rank = 0; rank < ranks.length; rank++) {
    const token = ranks[rank];
    const bytes = token === undefined ? new Uint8Array(0) : typeof token === 'string' ? encoder.encode(token) : Uint8Array.from(token);
    tokens.push(bytes);
    byteCount += bytes.length;
  }
  let tableSize = 1;
  while (tableSize < tokens.length * 2) tableSize *= 2;
  const headerBytes = 12 + 4 * (tokens.length + 1) + 4 * tableSize;
  const buffer = new ArrayBuffer(headerBytes + byteCount);
  const header = new Uint32Array(buffer, 0, 3);
  header[0] = magic;
  header[1] = tokens.length;
  header[2] = tableSize;
  const offsets = new Uint32Array(buffer, 12, tokens.length + 1);
  const table = new Int32Array(buffer, 12 + 4 * (tokens.length + 1), tableSize).fill(-1);
  const bytes = new Uint8Array(buffer, headerBytes);
  let offset = 0;
  tokens.forEach((token, rank) => {
    offsets[rank] = offset;
    bytes.set(token, offset);
    offset += token.length;
    if (token.length === 0) return;
    let slot = fnv1a(token, 0, token.length) & (tableSize - 1);
    while (table[slot] !== -1) slot = (slot + 1) & (tableSize - 1);
    table[slot] = rank;
  });
  offsets[tokens.length] = offset;
  return new Uint8Array(buffer);
}

export function decodeTokenTable(file: Uint8Array): TokenTable {
  // A copy aligned for the typed views (a Buffer read from disk may sit at any offset of its pool).
  const buffer = file.byteOffset % 4 === 0 ? file.buffer : file.slice().buffer;
  const start = file.byteOffset % 4 === 0 ? file.byteOffset : 0;
  const header = new Uint32Array(buffer, start, 3);
  if (header[0] !== magic) throw new Error('not a route-bench token table');
  const count = header[1]!;
  const tableSize = header[2]!;
  const offsets = new Uint32Array(buffer, start + 12, count + 1);
  const table = new Int32Array(buffer, start + 12 + 4 * (count + 1), tableSize);
  const bytes = new Uint8Array(buffer, start + 12 + 4 * (count + 1) + 4 * tableSize);
  const mask = tableSize - 1;
  return {
    rankOf(text, from, to) {
      const length = to - from;
      for (let slot = fnv1a(text, from, to) & mask; ; slot = (slot + 1) & mask) {
        const rank = table[slot]!;
        if (rank === -1) return -1;
        const tokenStart = offsets[rank]!;
        if (offsets[rank + 1]! - tokenStart !== length) continue;
        let same = true;
        for (let index = 0; index < length; index++) {
          if (bytes[tokenStart + index] !== text[from + index]) {
            same = false;
            break;
          }
        }
        if (same) return rank;
      }
    },
  };
}

function fnv1a(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let index = from; index < to; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01000193);
  return hash >>> 0;
}
