/**
 * At most `max` tasks at once; the others wait their turn, first come,
 * first served. A free slot costs no promise beyond the task's own: with
 * zero-latency answers, p-limit's four promises per call were a tenth of a
 * run's time.
 */
export class Limit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private head = 0;

  constructor(private readonly max: number) {
    if (!(Number.isInteger(max) && max >= 1)) throw new RangeError(`a limit needs a whole number of at least 1, got ${max}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A task woken from the queue is handed the slot of the one that finished: `active` stays as it is.
    if (this.active < this.max) this.active++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Tasks running now. */
  get running(): number {
    return this.active;
  }

  private release(): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head]!;
      this.waiting[this.head++] = noop;
      // Drop the consumed front now and then, so a long run's queue does not grow without end.
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting.splice(0, this.head);
        this.head = 0;
      }
      next();
    } else this.active--;
  }
}

const noop = () => undefined;
