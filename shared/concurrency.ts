// Runs `work` over `items` with at most `limit` in flight. On a failure no new item starts, and it
// rejects with the first failure only once the items already in flight have settled — so a caller
// that cleans up afterwards (releasing a lease) never does it under running work.
export async function forEachLimit<T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  let next = 0; // an index, not shift(): shifting a long queue is quadratic
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < queue.length && failure === null) {
      const item = queue[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Number.isFinite(limit) ? Math.max(1, Math.floor(limit)) : 1;
  await Promise.all(Array.from({ length: Math.min(workers, queue.length) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
