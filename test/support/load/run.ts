// Sends a crowd's requests (crowd.ts) to a local stack through one autocannon run, `inFlight` at a
// time, and times each request by its route: from the moment autocannon builds it (just before
// writing it) to its answer.
import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';
import type { LocalStack } from '../local-stack.js';
import { type Crowd, type LoadRoute, type PlannedRequest, ROUTE_NAMES } from './crowd.js';

export interface RouteFigures {
  route: LoadRoute;
  name: string;
  answered: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export interface LoadRun {
  routes: RouteFigures[];
  /** From the first request to the last answer. */
  seconds: number;
  answered: number;
  /** Socket errors and timeouts: requests whose outcome is unknown. */
  lost: number;
}

// Longer than any function's own timeout: a slow answer is a slow answer, never a retry that
// could store a click twice.
const REQUEST_TIMEOUT_S = 120;

export async function runCrowd(stack: Pick<LocalStack, 'url'>, crowd: Crowd, inFlight: number): Promise<LoadRun> {
  const latencies = new Map<LoadRoute, number[]>();
  const started = performance.now();
  let lastAnswer = started;
  const result = await autocannon({
    url: stack.url,
    connections: inFlight,
    amount: crowd.total,
    timeout: REQUEST_TIMEOUT_S,
    requests: [
      {
        // One request in flight per connection (no pipelining): the context holds the one awaiting its answer.
        setupRequest: (request: any, context: any) => {
          const planned = crowd.next();
          context.planned = planned;
          context.sentAt = performance.now();
          return { ...request, method: planned.method, path: planned.path, headers: { ...planned.headers }, body: planned.body };
        },
        onResponse: (status: number, body: string, context: any, headers: IncomingHttpHeaders | undefined) => {
          lastAnswer = performance.now();
          const planned = context.planned as PlannedRequest;
          const routeLatencies = latencies.get(planned.route) ?? [];
          routeLatencies.push(lastAnswer - (context.sentAt as number));
          latencies.set(planned.route, routeLatencies);
          crowd.answered(planned, status, body ?? '', headers ?? {});
        },
      },
    ],
  });
  const seconds = (lastAnswer - started) / 1000;
  const routes = (Object.keys(ROUTE_NAMES) as LoadRoute[]).map((route) => figuresOf(route, latencies.get(route) ?? [], seconds));
  return { routes, seconds, answered: routes.reduce((sum, route) => sum + route.answered, 0), lost: result.errors + result.timeouts };
}

function figuresOf(route: LoadRoute, latencies: number[], seconds: number): RouteFigures {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { route, name: ROUTE_NAMES[route], answered: sorted.length, perSecond: sorted.length / seconds, p50: at(0.5), p99: at(0.99) };
}
