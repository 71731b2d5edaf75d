// The app's topology: its routes, its schedules and the functions serving them. The CDK app declares
// exactly these API Gateway routes and EventBridge schedules, and the local server and timers run
// the same list, so the two cannot drift. Each route names the function that
// serves it; the `api` function dispatches on the route key API Gateway hands it.
export type HttpFunctionName = 'api' | 'redirect' | 'reshare' | 'qr' | 'dashboard';
export type ScheduledFunctionName = 'aggregate' | 'deliver-webhooks';
export type FunctionName = HttpFunctionName | ScheduledFunctionName;
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE' | 'OPTIONS';

export interface Route {
  method: HttpMethod;
  path: string;
  function: HttpFunctionName;
  auth: 'api-key' | 'public';
  // Public routes, and the bulk import, get their own API Gateway throttle in the cloud stack.
  throttle?: 'redirect' | 'public-write' | 'bulk-write';
}

export const routes = [
  { method: 'POST', path: '/v1/contents', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/contents', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/contents/{id}', function: 'api', auth: 'api-key' },
  { method: 'PATCH', path: '/v1/contents/{id}', function: 'api', auth: 'api-key' },
  { method: 'POST', path: '/v1/contents/{id}/links', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/contents/{id}/links', function: 'api', auth: 'api-key' },
  // Up to 1,000 links a request (an imported cascade): throttled on its own, in requests, so that
  // imports cannot crowd the clicks out of the activity index (docs/architecture.md, "Cloud").
  { method: 'POST', path: '/v1/contents/{id}/links/batch', function: 'api', auth: 'api-key', throttle: 'bulk-write' },
  { method: 'GET', path: '/v1/links/{code}', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/contents/{id}/report', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/contents/{id}/cascade', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/campaigns/{campaign}/report', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/contents/{id}/series', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/campaigns/{campaign}/series', function: 'api', auth: 'api-key' },
  { method: 'POST', path: '/v1/conversions', function: 'api', auth: 'api-key' },
  { method: 'POST', path: '/v1/webhooks', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/webhooks', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/webhooks/{id}', function: 'api', auth: 'api-key' },
  { method: 'DELETE', path: '/v1/webhooks/{id}', function: 'api', auth: 'api-key' },
  { method: 'POST', path: '/v1/webhooks/{id}/test', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/webhooks/{id}/deliveries', function: 'api', auth: 'api-key' },
  // Read-only report links (/app/r/<token>). Their tokens open four of the reads above, of their
  // own content only (shared/http/share-auth.ts).
  { method: 'POST', path: '/v1/contents/{id}/shares', function: 'api', auth: 'api-key' },
  { method: 'GET', path: '/v1/contents/{id}/shares', function: 'api', auth: 'api-key' },
  { method: 'DELETE', path: '/v1/contents/{id}/shares/{shareId}', function: 'api', auth: 'api-key' },
  { method: 'POST', path: '/v1/links/{code}/reshare', function: 'reshare', auth: 'public', throttle: 'public-write' },
  { method: 'OPTIONS', path: '/v1/links/{code}/reshare', function: 'reshare', auth: 'public', throttle: 'public-write' },
  // A link's QR code: public reads, cacheable, served by a function of their own so the QR
  // encoder stays out of the redirect's bundle; throttled with the redirects they lead to.
  { method: 'GET', path: '/v1/links/{code}/qr.svg', function: 'qr', auth: 'public', throttle: 'redirect' },
  { method: 'GET', path: '/v1/links/{code}/qr.png', function: 'qr', auth: 'public', throttle: 'redirect' },
  // The dashboard: its page and content-hashed assets under /app (3 letters: no link code is that
  // short), and the bare domain sends a person there.
  { method: 'GET', path: '/', function: 'dashboard', auth: 'public' },
  // This API's description (OpenAPI 3.1: docs/openapi.json, npm run openapi), served from the
  // dashboard's build like its other files; the dashboard renders it at /app/api.
  { method: 'GET', path: '/v1/openapi.json', function: 'dashboard', auth: 'public' },
  { method: 'GET', path: '/app', function: 'dashboard', auth: 'public' },
  { method: 'GET', path: '/app/{path+}', function: 'dashboard', auth: 'public' },
  { method: 'GET', path: '/{code}', function: 'redirect', auth: 'public', throttle: 'redirect' },
  { method: 'HEAD', path: '/{code}', function: 'redirect', auth: 'public', throttle: 'redirect' },
] as const satisfies readonly Route[];

// Requests no route matches go to the api function, which answers a JSON 404.
export const DEFAULT_ROUTE_KEY = '$default';
export const DEFAULT_FUNCTION: HttpFunctionName = 'api';

// The scheduled functions: EventBridge schedules in the cloud, timers in the local stack.
export interface Schedule {
  function: ScheduledFunctionName;
  /** The environment setting that holds the interval, and its default (docs/contract.md §5). */
  intervalSetting: string;
  defaultIntervalSeconds: number;
}

export const schedules: readonly Schedule[] = [
  { function: 'aggregate', intervalSetting: 'RIPPLE_AGGREGATE_INTERVAL_SECONDS', defaultIntervalSeconds: 60 },
  { function: 'deliver-webhooks', intervalSetting: 'RIPPLE_DELIVERY_INTERVAL_SECONDS', defaultIntervalSeconds: 5 },
];

// Every Lambda: one folder under functions/, one bundle, one NodejsFunction in the cloud stack.
// Those the routes name are invoked by API Gateway (the local server); the rest by a schedule.
export const httpFunctionNames: readonly HttpFunctionName[] = [...new Set(routes.map((route) => route.function))];
export const scheduledFunctionNames: readonly ScheduledFunctionName[] = schedules.map((schedule) => schedule.function);
export const functionNames: readonly FunctionName[] = [...httpFunctionNames, ...scheduledFunctionNames];

/**
 * What a schedule hands its function: the fixed input of the EventBridge Scheduler target in the
 * cloud, the sample events (events/*-scheduled.json), and the local timers (plus `until` there).
 */
export const SCHEDULED_INPUT = { source: 'ripple.schedule' } as const;

type RouteOf<F extends HttpFunctionName> = Extract<(typeof routes)[number], { function: F }>;
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
export type RouteKey<F extends HttpFunctionName> = KeyOf<RouteOf<F>>;

export const routeKey = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;
