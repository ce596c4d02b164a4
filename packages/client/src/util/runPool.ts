/**
 * Runs `fn` over `items` with at most `limit` in flight. The first failure stops
 * new work from starting and is rethrown once the running calls have settled, so
 * callers can clean up knowing nothing is still writing.
 */
export async function runPool<T>(items: Iterable<T>, limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  const it = items[Symbol.iterator]();
  let failed = false;
  let error: unknown;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (failed) return;
      const next = it.next();
      if (next.done) return;
      try {
        await fn(next.value);
      } catch (err) {
        if (!failed) {
          failed = true;
          error = err;
        }
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failed) throw error;
}
