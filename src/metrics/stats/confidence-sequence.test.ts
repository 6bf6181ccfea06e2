import { describe, expect, it } from 'vitest';
import { PairedConfidenceSequence } from './confidence-sequence.js';
import { createRandom } from './random.js';

/** One item's paired difference when only the configuration passes with `up`, only the baseline with `down`. */
function drawDifference(random: ReturnType<typeof createRandom>, up: number, down: number): -1 | 0 | 1 {
  const u = random.nextFloat();
  return u < up ? 1 : u < up + down ? -1 : 0;
}

describe('PairedConfidenceSequence (Waudby-Smith & Ramdas 2023, PrPl-EB)', () => {
  it('starts as the whole range, and narrows around the mean difference', () => {
    const sequence = new PairedConfidenceSequence();
    expect(sequence.intervalPp()).toEqual({ lower: -100, upper: 100 });
    const random = createRandom(1);
    for (let item = 0; item < 5000; item++) sequence.add(drawDifference(random, 0.1, 0.05));
    const { lower, upper } = sequence.intervalPp();
    expect(lower).toBeLessThan(5);
    expect(upper).toBeGreaterThan(5);
    expect(upper - lower).toBeLessThan(6);
  });

  it('covers the true difference at every item at once in at least 95% of runs', () => {
    const runs = 1000;
    let missed = 0;
    for (let run = 0; run < runs; run++) {
      const random = createRandom(run, 'coverage');
      const sequence = new PairedConfidenceSequence();
      for (let item = 0; item < 1000; item++) {
        sequence.add(drawDifference(random, 0.08, 0.12));
        const { lower, upper } = sequence.intervalPp();
        if (lower > -4 || upper < -4) {
          missed++;
          break;
        }
      }
    }
    expect(missed / runs).toBeLessThanOrEqual(0.05);
  });

  it('stopping at the first look whose lower bound clears -margin: false "non-inferior" at most 5% when the truth is the margin', () => {
    const runs = 1000;
    const marginPp = 2;
    let falseVerdicts = 0;
    for (let run = 0; run < runs; run++) {
      const random = createRandom(run, 'at-the-margin');
      const sequence = new PairedConfidenceSequence();
      // 10% only-baseline, 8% only-configuration: the configuration is worse by exactly the margin.
      for (let item = 0; item < 3000; item++) {
        sequence.add(drawDifference(random, 0.08, 0.1));
        // A look after every wave of 50 items, as a run makes.
        if (item % 50 === 49 && sequence.intervalPp().lower > -marginPp) {
          falseVerdicts++;
          break;
        }
      }
    }
    expect(falseVerdicts / runs).toBeLessThanOrEqual(0.05);
  });

  it('settles a clearly non-inferior configuration well before the end of a large suite', () => {
    const stops: number[] = [];
    for (let run = 0; run < 200; run++) {
      const random = createRandom(run, 'clear');
      const sequence = new PairedConfidenceSequence();
      let stoppedAt = 5000;
      for (let item = 0; item < 5000; item++) {
        sequence.add(drawDifference(random, 0.05, 0.05));
        if (item % 50 === 49 && sequence.intervalPp().lower > -5) {
          stoppedAt = item + 1;
          break;
        }
      }
      stops.push(stoppedAt);
    }
    stops.sort((a, b) => a - b);
    expect(stops[100]).toBeLessThan(2500);
  });
});
