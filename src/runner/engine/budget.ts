/**
 * A spending cap for a run: a call starts only when what is spent, plus
 * the most that the calls in flight could cost, plus the most this one
 * could cost, stays within the cap. A call that would fit once the calls in
 * flight settle waits for them; one that cannot fit even then ends the run.
 */
export class Budget {
  private spentUsd = 0;
  private reservedUsd = 0;
  private waiting: Array<() => void> = [];
  exhausted = false;

  constructor(readonly maxCostUsd: number | undefined) {}

  /** `reserved`: go; `wait`: calls in flight hold the room, ask again after `settled()`; `exhausted`: stop. */
  reserve(worstCaseUsd: number): 'reserved' | 'wait' | 'exhausted' {
    if (this.maxCostUsd === undefined) return 'reserved';
    if (this.spentUsd + worstCaseUsd > this.maxCostUsd) {
      this.exhausted = true;
      return 'exhausted';
    }
    if (this.spentUsd + this.reservedUsd + worstCaseUsd > this.maxCostUsd) return 'wait';
    this.reservedUsd += worstCaseUsd;
    return 'reserved';
  }

  /** Resolves at the next settlement, when a reservation may have freed room. */
  settled(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Replaces a reservation by what the call really cost. */
  settle(reservedUsd: number, costUsd: number): void {
    if (this.maxCostUsd !== undefined) this.reservedUsd -= reservedUsd;
    this.spentUsd += costUsd;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  get totalSpentUsd(): number {
    return this.spentUsd;
  }
}

export class BudgetExhaustedError extends Error {
  constructor() {
    super('the budget (--max-cost-usd) would be exceeded by this call');
    this.name = 'BudgetExhaustedError';
  }
}
