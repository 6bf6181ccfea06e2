/**
 * A per-minute budget of requests or tokens as a token bucket: full at the
 * start, refilled continuously at limit/60 s. `take(n)` waits until n fit.
 * Waiting here is queueing, not model latency: the engine starts its clock
 * after it.
 */
export class RateLimiter {
  private available: number;
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (milliseconds: number) => Promise<void> = (milliseconds) =>
      new Promise((resolve) => setTimeout(resolve, milliseconds)),
  ) {
    this.available = perMinute;
    this.updatedAt = now();
  }

  /** Waits its turn (first come, first served), then until `amount` fits. */
  take(amount: number): Promise<void> {
    const wanted = Math.min(amount, this.perMinute);
    const turn = this.queue.then(async () => {
      for (;;) {
        this.refill();
        if (this.available >= wanted) {
          this.available -= wanted;
          return;
        }
        const missing = wanted - this.available;
        await this.sleep(Math.ceil((missing * 60_000) / this.perMinute));
      }
    });
    this.queue = turn;
    return turn;
  }

  /** Takes more after the fact (tokens known only once the answer is in); may go below zero. */
  charge(amount: number): void {
    this.refill();
    this.available -= amount;
  }

  private refill(): void {
    const now = this.now();
    this.available = Math.min(this.perMinute, this.available + ((now - this.updatedAt) * this.perMinute) / 60_000);
    this.updatedAt = now;
  }
}
