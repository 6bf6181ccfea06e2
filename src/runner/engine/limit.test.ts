import { describe, expect, it } from 'vitest';
import { Limit } from './limit.js';

describe('Limit', () => {
  it('runs at most max tasks at once, the waiting ones first come, first served', async () => {
    const limit = new Limit(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const releases: Array<() => void> = [];
    const tasks = Array.from({ length: 6 }, (_, index) => limit.run(async () => {
      running++;
      most = Math.max(most, running);
      order.push(index);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      return index;
    }));
    for (let step = 0; step < 6; step++) {
      await new Promise((resolve) => setImmediate(resolve));
      releases.shift()!();
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(limit.running).toBe(0);
  });

  it('frees the slot of a task that throws', async () => {
    const limit = new Limit(1);
    await expect(limit.run(async () => { throw new Error('no'); })).rejects.toThrow('no');
    expect(await limit.run(async () => 'next')).toBe('next');
    expect(() => new Limit(0)).toThrow(RangeError);
  });
});
