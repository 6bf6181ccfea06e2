/**
 * A spending cap for a run: a call starts only when what is spent, plus
 * the most that the calls in flight could cost, plus the most this one
 * could cost, stays within the cap.
 */
export class Budget {
  private spentUsd = 0;
  private reservedUsd = 0;
  exhausted = false;

  constructor(readonly maxCostUsd: number | undefined) {}

  /** Reserves the call's worst case; false (and the budget marked exhausted) when it does not fit. */
  reserve(worstCaseUsd: number): boolean {
    if (this.maxCostUsd === undefined) return true;
    if (this.spentUsd + this.reservedUsd + worstCaseUsd > this.maxCostUsd) {
      this.exhausted = true;
      return false;
    }
    this.reservedUsd += worstCaseUsd;
    return true;
  }

  /** Replaces a reservation by what the call really cost. */
  settle(reservedUsd: number, costUsd: number): void {
    if (this.maxCostUsd !== undefined) this.reservedUsd -= reservedUsd;
    this.spentUsd += costUsd;
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
