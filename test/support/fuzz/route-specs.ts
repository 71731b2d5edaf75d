import fc from 'fast-check';
import { createContentInput, updateContentInput } from '../../../shared/domain/content.js';
import { recordConversionInput } from '../../../shared/domain/conversion.js';
import { mintLinkInput, reshareInput } from '../../../shared/domain/link.js';
import { linkBatchInput } from '../../../shared/domain/link-batch.js';
import { createShareInput } from '../../../shared/domain/share.js';
import { createSubscriptionInput } from '../../../shared/domain/webhooks/subscription.js';
import type * as z from '../../../shared/domain/zod.js';
import type { HttpFunctionName, RouteKey } from '../../../shared/topology.js';

// What the fuzzer knows of each route beyond the route table: whether a success writes, the query
// parameters it reads, and the schema of its body. Keyed by every route key, so a new route does
// not compile until it is described here (and the hostile-input test then covers it).

export type AnyRouteKey = RouteKey<HttpFunctionName>;

/** `hostile`: anything goes; `well-formed`: a valid caller, valid resources and body, odd but legal headers. */
export type FuzzMode = 'hostile' | 'well-formed';

export interface RouteSpec {
  /** A successful answer stores something: every hostile case of it must be refused, and it gets well-formed cases too. */
  writes: boolean;
  /** The query parameters it reads, each with values near and off what it takes. */
  query?: Record<string, fc.Arbitrary<string>>;
  /** Its body's schema, the same zod schema the handler parses with (a function of the request time where it depends on it). */
  body?: (now: Date) => z.ZodMiniType;
  /** Takes an Idempotency-Key. */
  idempotent?: boolean;
}

const junk = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '-1', '0', '1e3', '1.5', 'NaN', 'Infinity', 'null', 'true', '[]', '{}', '%', '%zz', '__proto__', 'x'.repeat(3000)),
);
const near = (...values: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: junk });

const limit = (max: number) => near('1', '2', '20', String(max), String(max + 1), '0', '-5', '3.5', ' 7');
const cursor = fc.oneof(junk, fc.base64String({ maxLength: 200 }), fc.stringMatching(/^\d{1,12}$/));
const page = (max = 100) => ({ limit: limit(max), cursor });
const reportQuery = { kWindow: near('all', '1', '3600', '86400', '31536000', '31536001', 'ALL', '0'), format: near('json', 'csv', 'CSV', 'xml') };
const moment = near(
  '2026-03-01',
  '2026-03-01T00:00:00Z',
  '2026-03-29T02:30:00+01:00',
  '1970-01-01',
  '0001-01-01',
  '9999-12-31',
  '2026-02-30',
  '2026-13-01',
  '2026-03-01T25:00:00Z',
);
const seriesQuery = {
  from: moment,
  to: moment,
  interval: near('hour', 'day', 'week', 'month', 'year', 'minute'),
  tz: near('UTC', 'Europe/Berlin', 'Asia/Kathmandu', 'America/St_Johns', 'Etc/GMT+12', 'Mars/Olympus', '../../etc/passwd', 'utc'),
  compare: near('previous', 'next'),
  format: near('json', 'csv'),
};

export const routeSpecs: Record<AnyRouteKey, RouteSpec> = {
  'POST /v1/contents': { writes: true, body: () => createContentInput, idempotent: true },
  'GET /v1/contents': { writes: false, query: { ...page(), campaign: near('fuzz-a', 'fuzz-b', 'nope', '-bad') } },
  'GET /v1/contents/{id}': { writes: false },
  'PATCH /v1/contents/{id}': { writes: true, body: () => updateContentInput },
  'POST /v1/contents/{id}/links': { writes: true, body: () => mintLinkInput, idempotent: true },
  'POST /v1/contents/{id}/links/batch': { writes: true, body: () => linkBatchInput, idempotent: true },
  'GET /v1/contents/{id}/links': { writes: false, query: page() },
  'GET /v1/links/{code}': { writes: false },
  'GET /v1/contents/{id}/report': { writes: false, query: reportQuery },
  'GET /v1/contents/{id}/cascade': { writes: false, query: { ...page(5_000), root: junk } },
  'GET /v1/campaigns/{campaign}/report': { writes: false, query: reportQuery },
  'GET /v1/contents/{id}/series': { writes: false, query: seriesQuery },
  'GET /v1/campaigns/{campaign}/series': { writes: false, query: seriesQuery },
  'POST /v1/conversions': { writes: true, body: () => recordConversionInput },
  'POST /v1/webhooks': { writes: true, body: () => createSubscriptionInput },
  'GET /v1/webhooks': { writes: false, query: page() },
  'GET /v1/webhooks/{id}': { writes: false },
  'DELETE /v1/webhooks/{id}': { writes: true },
  'POST /v1/webhooks/{id}/test': { writes: true },
  'GET /v1/webhooks/{id}/deliveries': { writes: false, query: page() },
  'POST /v1/contents/{id}/shares': { writes: true, body: createShareInput },
  'GET /v1/contents/{id}/shares': { writes: false, query: page() },
  'DELETE /v1/contents/{id}/shares/{shareId}': { writes: true },
  'POST /v1/links/{code}/reshare': { writes: true, body: () => reshareInput },
  'OPTIONS /v1/links/{code}/reshare': { writes: false },
  'GET /v1/links/{code}/qr.svg': { writes: false },
  'GET /v1/links/{code}/qr.png': { writes: false },
  'GET /': { writes: false },
  'GET /v1/openapi.json': { writes: false },
  'GET /app': { writes: false },
  'GET /app/{path+}': { writes: false },
  'GET /{code}': { writes: true, query: { via: near('x', 'qr', 'copy', 'whatsapp', 'Other', '') } },
  'HEAD /{code}': { writes: true, query: { via: near('qr', 'email') } },
};

// A share token opens these reads of its own content only (docs/contract.md §2).
export const SHARE_READABLE: ReadonlySet<string> = new Set([
  'GET /v1/contents/{id}',
  'GET /v1/contents/{id}/report',
  'GET /v1/contents/{id}/cascade',
  'GET /v1/contents/{id}/series',
]);
