// The OpenAPI 3.1 document of the route table (docs/openapi.json, `npm run openapi`): one path item
// per path, an operation per route from its description (operations.ts), its security from the
// route's auth, and its errors. Dev-time only: no Lambda imports this folder (test/cloud checks it).
import { readFileSync } from 'node:fs';
import { createDocument, type ZodOpenApiObject, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { SHARE_READABLE_ROUTES } from '../domain/share.js';
import type { ErrorCode } from '../errors.js';
import { type Route, routeKey, routes } from '../topology.js';
import { anyError, errorResponses } from './errors.js';
import { type AnyRouteKey, type OperationDoc, TAGS } from './operation-doc.js';
import { operationDocs } from './operations.js';
import { thresholdCrossedEvent, webhookDocs, webhookTestEvent } from './webhooks.js';

/** Where the document is kept in the repository (and copied from into the dashboard's build). */
export const OPENAPI_DOCUMENT_PATH = 'docs/openapi.json';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const DESCRIPTION = `Share links that know who re-shared from whose link: mint trackable links for a piece of content, record every click and re-share, and read the cascade\u2019s viral metrics.

**Auth.** Management routes take \`Authorization: Bearer <API key>\`. A key of another workspace gets 404 for this workspace\u2019s resources, never 403. A read-only share token (\`rshr_\u2026\`) reads its own content, report, cascade and series, and nothing else (404). The redirect, the re-share and the QR codes are public.

**Errors** are \`{"error": {"code", "message", "issues"?}}\`; each operation lists its codes. No input, however bad, produces a 5xx or a stack trace. A request no route matches is a 404 \`not_found\`. The local server\u2019s own refusals of a malformed request have the same shape: \`bad_request\` (400), \`request_timeout\` (408), \`headers_too_large\` (431); in AWS, API Gateway\u2019s stage throttle answers 429 \`{"message": "Too Many Requests"}\` before any function runs.

**Lists** are \`{items, nextCursor}\`, newest first: \`?limit=\` (1\u2013100, default 20) and \`?cursor=<nextCursor>\`. **Retries**: the create routes take an \`Idempotency-Key\`. **CSV**: reports and series also come as CSV (\`?format=csv\` or \`Accept: text/csv\`). **Webhooks** are signed per Standard Webhooks (see \`webhooks\`). Bodies are JSON, at most 64 KiB.`;

export function openApiDocument(): ReturnType<typeof createDocument> {
  const document: ZodOpenApiObject = {
    openapi: '3.1.0',
    info: { title: 'Ripple API', version, description: DESCRIPTION },
    servers: [
      {
        url: '{origin}',
        description: 'Where Ripple runs',
        variables: {
          origin: {
            default: 'http://127.0.0.1:3000',
            description: 'The local stack (`npm start`), the CDK stack\u2019s `ApiUrl` output, or your custom domain.',
          },
        },
      },
    ],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths: pathsOf(routes),
    webhooks: webhookDocs,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'rpl_…',
          description: 'A workspace API key: shown once when made (`npm run workspace`, or printed by `npm start`), stored only as a hash.',
        },
        shareToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'rshr_…',
          description: 'A read-only report link\u2019s token (`POST /v1/contents/{id}/shares`): reads its own content only.',
        },
      },
      schemas: { Error: anyError, ThresholdCrossedEvent: thresholdCrossedEvent, WebhookTestEvent: webhookTestEvent },
    },
  };
  return createDocument(document);
}

/** The OpenAPI path of a route: API Gateway's greedy `{path+}` is the parameter `path`. */
export const openApiPath = (path: string) => path.replace(/\{(\w+)\+\}/g, '{$1}');

function pathsOf(table: readonly Route[]): ZodOpenApiPathsObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of table) {
    const key = routeKey(route) as AnyRouteKey;
    const doc = operationDocs[key];
    if (!doc) throw new Error(`No description of ${key}`);
    const item = (paths[openApiPath(route.path)] ??= {});
    item[route.method.toLowerCase() as Lowercase<Route['method']>] = operationOf(route, doc);
  }
  return paths;
}

const shareReadable: ReadonlySet<string> = new Set(SHARE_READABLE_ROUTES);

function operationOf(route: Route, doc: OperationDoc): ZodOpenApiOperationObject {
  const key = routeKey(route);
  const keyed = route.auth === 'api-key';
  // What every route of its kind can answer: a key's routes a 401, and a 404 to a share token on
  // a route it does not open (docs/contract.md §2); every route a 500.
  const errors: ErrorCode[] = [...new Set<ErrorCode>([...doc.errors, ...(keyed ? (['unauthorized', 'not_found'] as const) : []), 'internal_error'])];
  const responses = { ...doc.responses, ...errorResponses(errors, doc.errorPages) };
  return {
    operationId: doc.operationId,
    tags: [doc.tag],
    summary: doc.summary,
    description: doc.description,
    security: keyed ? [{ apiKey: [] }, ...(shareReadable.has(key) ? [{ shareToken: [] }] : [])] : [],
    ...requestOf(doc),
    // A HEAD answer has the headers of its GET and no body.
    responses: route.method === 'HEAD' ? withoutBodies(responses) : responses,
    'x-ripple-function': route.function,
    ...(route.throttle ? { 'x-ripple-throttle': route.throttle } : {}),
  };
}

function requestOf({ path, query, headers, body }: OperationDoc): Pick<ZodOpenApiOperationObject, 'requestParams' | 'requestBody'> {
  const params = { ...(path ? { path } : {}), ...(query ? { query } : {}), ...(headers ? { header: headers } : {}) };
  return {
    ...(Object.keys(params).length ? { requestParams: params } : {}),
    // An absent body is read as `{}` (shared/http/input.ts): optional wherever `{}` is a valid one.
    ...(body
      ? { requestBody: { required: !body.schema.safeParse({}).success, content: { 'application/json': { schema: body.schema, example: body.example } } } }
      : {}),
  };
}

function withoutBodies(responses: Record<string, ZodOpenApiResponseObject>): Record<string, ZodOpenApiResponseObject> {
  return Object.fromEntries(Object.entries(responses).map(([status, { content: _body, id: _shared, ...response }]) => [status, response]));
}

/** The document as committed: two-space JSON and a final newline. */
export const serializeDocument = (document: object) => `${JSON.stringify(document, null, 2)}\n`;
