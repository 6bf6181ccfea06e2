/**
 * Seeded randomness for the statistics: every interval must come out the same
 * for the same seed, on every machine, so results stay comparable across runs.
 *
 * The generator is xoshiro128** (Blackman and Vigna, "Scrambled linear
 * pseudorandom number generators", 2018). It uses 32-bit operations only, which
 * V8 keeps in int32 registers (no BigInt), has period 2^128 - 1 and, per its
 * authors, passes the usual test batteries: fast enough for 10^8 draws per
 * bootstrap, and far better than a resampler needs.
 */
export interface RandomSource {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniform float in [0, 1) with 53 random bits, so tail probabilities are not coarsened to 2^-32. */
  nextFloat(): number;
  /** A uniform integer in [0, n) without modulo bias; n an integer in [1, 2^32]. */
  nextInt(n: number): number;
  /**
   * Writes `count` uniform integers in [0, n) to into[start...], the same law as
   * nextInt. The bootstrap draws 10^8 indices; keeping the generator's state in
   * local variables for a whole batch makes that about twice as fast.
   */
  fillInt(n: number, into: Int32Array, start: number, count: number): void;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;
const TWO_POW_26 = 67108864;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;
/** Up to this n, uint32 * n stays below 2^53, so the product is exact in a double. */
const EXACT_PRODUCT_LIMIT = 2097152;

/**
 * A generator for `seed` (any safe integer) and an optional stream name. Streams
 * let independent consumers (one per configuration, say) draw from the same seed
 * without their numbers depending on how many others exist or in what order.
 */
export function createRandom(seed: number, stream = ''): RandomSource {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  // SplitMix32 spreads the seed over the 128-bit state: xoshiro must not start
  // from a state with few bits set, and seeds like 0, 1, 2 are typical.
  let mixer = low ^ Math.imul(high, 0x9e3779b1) ^ hashString(stream);
  const nextMixed = (): number => {
    mixer = (mixer + 0x9e3779b9) | 0;
    let z = mixer;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) | 0;
  };
  return new Xoshiro128StarStar(nextMixed(), nextMixed(), nextMixed(), nextMixed());
}

class Xoshiro128StarStar implements RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(s0: number, s1: number, s2: number, s3: number) {
    // The all-zero state is the one fixed point of the generator.
    if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  nextUint32(): number {
    const s1 = this.s1;
    const product = Math.imul(s1, 5);
    const result = Math.imul((product << 7) | (product >>> 25), 9);
    const shifted = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= shifted;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result >>> 0;
  }

  fillInt(n: number, into: Int32Array, start: number, count: number): void {
    if (!(n <= EXACT_PRODUCT_LIMIT && n >= 1 && (n | 0) === n)) {
      for (let index = start; index < start + count; index++) into[index] = this.nextInt(n);
      return;
    }
    // nextUint32 and Lemire's method of nextInt, inlined on local state.
    const threshold = (TWO_POW_32 - n) % n;
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let index = start, end = start + count; index < end; ) {
      const scaled = Math.imul(s1, 5);
      const result = Math.imul((scaled << 7) | (scaled >>> 25), 9) >>> 0;
      const shifted = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= shifted;
      s3 = (s3 << 11) | (s3 >>> 21);
      const product = result * n;
      if (product >>> 0 < threshold) continue;
      into[index++] = Math.floor(product * TWO_POW_MINUS_32);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * TWO_POW_26 + low) * TWO_POW_MINUS_53;
  }

  nextInt(n: number): number {
    if (n <= EXACT_PRODUCT_LIMIT && n >= 1 && (n | 0) === n) {
      // Lemire's multiply-and-reject ("Fast random integer generation in an
      // interval", 2019): floor(x * n / 2^32) is uniform once the few low
      // products below (2^32 - n) mod n are rejected. One draw, no division
      // in the common case, which is what the bootstrap's 10^8 draws need.
      let product = this.nextUint32() * n;
      let leftover = product >>> 0;
      if (leftover < n) {
        const threshold = (TWO_POW_32 - n) % n;
        while (leftover < threshold) {
          product = this.nextUint32() * n;
          leftover = product >>> 0;
        }
      }
      return Math.floor(product * TWO_POW_MINUS_32);
    }
    if (!(n >= 1 && n <= TWO_POW_32) || !Number.isInteger(n)) throw new RangeError(`nextInt needs an integer n in [1, 2^32], got ${n}`);
    // Rejecting the incomplete last block of n makes x mod n exactly uniform.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return value % n;
  }
}

/** FNV-1a: a stable 32-bit hash of a stream name. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
