/**
 * Runs `work` on every value of `source` with at most `concurrency` at once,
 * pulling values only as slots free up, so a million-item source is never
 * held in memory. Stops pulling when `shouldStop` says so; the first error
 * stops everything and is thrown after the work in flight settles.
 */
export async function forEachConcurrent<T>(
  source: Iterable<T>,
  concurrency: number,
  work: (value: T) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const iterator = source[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && !shouldStop()) {
      const next = iterator.next();
      if (next.done) return;
      try {
        await work(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure) throw failure.error;
}
