// The two kinds of phase bench/share-routes.ts runs, both at a fixed concurrency: HTTP requests
// through the local stack (autocannon, as bench/redirect.ts) and store calls made straight from
// the bench process (the floors). Each returns the same figures, so they print as one table.
import autocannon from 'autocannon';
import type { LocalStack } from '../../test/support/local-stack.js';

export interface Figures {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  /** Requests (or store calls) that completed, whatever their status. */
  answered: number;
  /** 5xx, socket errors and timeouts (HTTP); thrown calls (store). */
  failed: number;
  /** HTTP only: how many answers had each status. */
  statuses: Map<number, number>;
}

export type Length = { duration: number } | { amount: number };

export interface HttpPhase {
  name: string;
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  length: Length;
  /**
   * Called as each request is built, for what varies per request (its own cookie, its own path);
   * the tag comes back with that request's answer. autocannon builds a request only to send it,
   * so with `amount` this is called exactly `amount` times.
   */
  each?: () => { headers?: Record<string, string>; path?: string; tag: string };
  /** Every answer, with its body (text) and the tag of the request it answers. */
  onAnswer?: (status: number, body: string, tag: string | undefined) => void;
}

export async function httpPhase(stack: LocalStack, connections: number, phase: HttpPhase): Promise<Figures> {
  const statuses = new Map<number, number>();
  const { each, onAnswer } = phase;
  // Timed from the call to the last response: autocannon ends fixed-count runs on its own
  // one-second tick, which would bias a rate computed from its reported duration.
  const started = performance.now();
  let lastResponse = started;
  const result = await autocannon({
    url: `${stack.url}${phase.path}`,
    connections,
    method: phase.method ?? 'GET',
    headers: phase.headers ?? {},
    ...(phase.body === undefined ? {} : { body: phase.body }),
    requests: [
      {
        ...(each
          ? {
              // One context per connection, and one request in flight on it (no pipelining): the tag
              // set here is still the context's when this request's answer arrives.
              setupRequest: (request: any, context: any) => {
                const next = each();
                context.tag = next.tag;
                return {
                  ...request,
                  ...(next.path === undefined ? {} : { path: next.path }),
                  headers: { ...request.headers, ...next.headers },
                };
              },
            }
          : {}),
        onResponse: (status: number, body: unknown, context: any) => {
          lastResponse = performance.now();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          onAnswer?.(status, body === undefined ? '' : String(body), context?.tag);
        },
      },
    ],
    ...phase.length,
  });
  const answered = [...statuses.values()].reduce((sum, count) => sum + count, 0);
  return {
    name: phase.name,
    perSecond: answered / ((lastResponse - started) / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    answered,
    failed: result['5xx'] + result.errors + result.timeouts,
    statuses,
  };
}

/**
 * `call` run by `connections` concurrent workers from the bench process, for a duration or a fixed
 * number of calls (each call gets its index, 0 … amount − 1).
 */
export async function storePhase(name: string, connections: number, length: Length, call: (index: number) => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = [];
  let failed = 0;
  let issued = 0;
  const started = performance.now();
  const deadline = 'duration' in length ? started + length.duration * 1000 : Infinity;
  const more = () => ('amount' in length ? issued < length.amount : performance.now() < deadline);
  const worker = async () => {
    while (more()) {
      const index = issued++;
      const callStarted = performance.now();
      try {
        await call(index);
        latencies.push(performance.now() - callStarted);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { name, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), answered: latencies.length, failed, statuses: new Map() };
}

export function printTable(rows: readonly Figures[]): void {
  const width = Math.max(44, ...rows.map((row) => row.name.length));
  console.log(
    'phase'.padEnd(width),
    'req/s'.padStart(8),
    'p50 ms'.padStart(8),
    'p99 ms'.padStart(8),
    'answered'.padStart(10),
    'failed'.padStart(7),
    '  statuses',
  );
  for (const row of rows) {
    const statuses = [...row.statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
    console.log(
      row.name.padEnd(width),
      row.perSecond.toFixed(0).padStart(8),
      String(row.p50).padStart(8),
      String(row.p99).padStart(8),
      String(row.answered).padStart(10),
      String(row.failed).padStart(7),
      ` ${statuses}`,
    );
  }
}

/** "a / b throughput: 0.42", aligned. */
export function printRatio(label: string, of: Figures, to: Figures): void {
  console.log(`${label.padEnd(52)} ${(of.perSecond / to.perSecond).toFixed(2)}`);
}
