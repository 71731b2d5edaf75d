// The requests the local server is answering, by start time. Everything a request stamps (a click,
// a link) is stamped after it started and written before it ends, so once no request that started
// at or before T is in flight, every event up to T is stored: the local aggregation needs no
// guessed lag, and is exact.
export class InFlightRequests {
  private readonly started = new Map<symbol, number>();

  begin(now = Date.now()): () => void {
    const id = Symbol('request');
    this.started.set(id, now);
    return () => {
      this.started.delete(id);
    };
  }

  /** A time before which every event has been written: just before the oldest request in flight. */
  watermark(now = Date.now()): number {
    let oldest = now;
    for (const startedAt of this.started.values()) oldest = Math.min(oldest, startedAt - 1);
    return oldest;
  }

  /** Resolves once no request that started at or before `time` is in flight (or after `timeoutMs`). */
  async settledThrough(time: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ([...this.started.values()].some((startedAt) => startedAt <= time) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
