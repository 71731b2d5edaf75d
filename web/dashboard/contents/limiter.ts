// At most `max` tasks at a time, the rest queued in order: a page of rows fetching one report
// each must not open twenty requests at once. `clear` drops what has not started (a page that
// was left), so the next page's rows do not wait behind it.
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
  clear(): void;
}

export function createLimiter(max: number): Limiter {
  let active = 0;
  let queue: (() => void)[] = [];
  const next = () => {
    if (active >= max) return;
    const start = queue.shift();
    if (!start) return;
    active++;
    start();
  };
  return {
    run: (task) =>
      new Promise((resolve, reject) => {
        queue.push(() => {
          Promise.resolve()
            .then(task)
            .then(resolve, reject)
            .finally(() => {
              active--;
              next();
            });
        });
        next();
      }),
    clear: () => {
      queue = [];
    },
  };
}
