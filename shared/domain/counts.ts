// Counts kept in plain records (JSON in the summary), keyed by outside text — a referrer host, a
// channel label — which may be `constructor` or `__proto__`: own properties only, never the prototype.

export const hasCount = (counts: Readonly<Record<string, unknown>>, key: string) => Object.hasOwn(counts, key);

/** The row under `key`, made by `create` on first use. */
export function rowOf<T>(rows: Record<string, T>, key: string, create: () => T): T {
  if (!Object.hasOwn(rows, key)) Object.defineProperty(rows, key, { value: create(), enumerable: true, writable: true, configurable: true });
  return rows[key] as T;
}

export function addCount(counts: Record<string, number>, key: string, amount = 1) {
  const current = Object.hasOwn(counts, key) ? (counts[key] as number) : 0;
  Object.defineProperty(counts, key, { value: current + amount, enumerable: true, writable: true, configurable: true });
}
