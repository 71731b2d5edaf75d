// Every error answer: `{"error": {code, message, issues?}}` (docs/contract.md §2), its status the
// one shared/http/error-response.ts gives the code, with an example for each code.
import type { ErrorCode } from '../errors.js';
import { statusOf } from '../http/error-response.js';
import * as z from '../domain/zod.js';
import type { ZodOpenApiResponseObject } from 'zod-openapi';
import { component, described } from './schema-kit.js';

/** What each code means, and an example of it (a new code fails to compile until it is described). */
export const ERROR_CODES: Record<ErrorCode, { meaning: string; example: { message: string; issues?: { path: (string | number)[]; message: string }[] } }> = {
  validation_error: {
    meaning: 'The request is not valid: `issues` names each bad field.',
    example: {
      message: 'Invalid request: url: must be an absolute http:// or https:// URL',
      issues: [{ path: ['url'], message: 'must be an absolute http:// or https:// URL' }],
    },
  },
  invalid_json: { meaning: 'The body is not JSON.', example: { message: 'Request body is not valid JSON: Unexpected token \'u\', "url=x" is not valid JSON' } },
  unauthorized: {
    meaning: 'No valid API key (or share token): unknown, revoked or missing.',
    example: { message: 'A valid API key is required: Authorization: Bearer <key>' },
  },
  forbidden: {
    meaning: 'A browser call from another origin than the content\u2019s own.',
    example: { message: 'Origin https://elsewhere.example may not call this endpoint' },
  },
  not_found: {
    meaning:
      'Nothing by this id or code: unknown, malformed, or another workspace\u2019s (never 403); or a share token asking for more than its own content\u2019s reads.',
    example: { message: 'No content with this id' },
  },
  conflict: { meaning: 'The request conflicts with an earlier one.', example: { message: 'This Idempotency-Key was already used for a different request' } },
  gone: { meaning: 'The content is no longer active.', example: { message: 'This content is no longer active' } },
  payload_too_large: { meaning: 'The body is over 64 KiB.', example: { message: 'Request body exceeds 65536 bytes' } },
  invalid_target: {
    meaning: 'The webhook URL does not resolve, or resolves to a loopback, private, link-local, CGNAT or metadata address.',
    example: {
      message: 'url may not be a webhook target: 10.0.0.5 is in a private network',
      issues: [{ path: ['url'], message: 'url may not be a webhook target: 10.0.0.5 is in a private network' }],
    },
  },
  rate_limited: {
    meaning: 'Too many re-shares from this visitor or address: retry after `Retry-After` seconds.',
    example: { message: 'Too many requests; retry after 42 s' },
  },
  internal_error: { meaning: 'A bug: answered without internals, and logged.', example: { message: 'Internal error' } },
  unavailable: {
    meaning: 'The data store failed in a way worth retrying: retry after `Retry-After` seconds.',
    example: { message: 'The data store is unavailable; retry shortly' },
  },
};

export const ALL_ERROR_CODES = Object.keys(ERROR_CODES) as ErrorCode[];

const validationIssue = component(z.strictObject({ path: z.array(z.union([z.string(), z.int()])), message: z.string() }), {
  id: 'ValidationIssue',
  description: 'One bad field: its path in the body, query or headers, and what is wrong with it.',
});

/** The error body with `code` limited to `codes`. */
export const errorBody = (codes: readonly [ErrorCode, ...ErrorCode[]]) =>
  z.strictObject({
    error: z.strictObject({
      code: z.enum(codes),
      message: z.string(),
      issues: z.optional(z.array(validationIssue)),
    }),
  });

/** Any error body: what an unmatched request gets (a 404 from the api function). */
export const anyError = component(errorBody(ALL_ERROR_CODES as [ErrorCode, ...ErrorCode[]]), {
  id: 'Error',
  description: 'Every error Ripple answers: a code from a closed list, a message for people, and for validation errors each bad field.',
});

const retryAfter = described(z.string().check(z.regex(/^\d+$/)), { description: 'Seconds to wait before retrying.', example: '1' });

const ERROR_HEADERS: Partial<Record<ErrorCode, z.ZodMiniObject>> = {
  unauthorized: z.strictObject({ 'WWW-Authenticate': described(z.literal('Bearer'), { description: 'The scheme to authenticate with.' }) }),
  rate_limited: z.strictObject({ 'Retry-After': retryAfter }),
  unavailable: z.strictObject({ 'Retry-After': retryAfter }),
};

/** Other media types an error status also comes in (a dead link's page for browsers), by status. */
export type ErrorPages = Partial<Record<number, Record<string, { schema: z.ZodMiniType; example: string }>>>;

// zod-openapi knows a component response by its object: each is made once and handed out again.
const sharedResponses = new Map<string, ZodOpenApiResponseObject>();

/** One response per status the codes map to, each listing its codes with an example of each. */
export function errorResponses(codes: readonly ErrorCode[], pages: ErrorPages = {}): Record<string, ZodOpenApiResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(statusOf(code), [...(byStatus.get(statusOf(code)) ?? []), code]);
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers = statusCodes.map((code) => ERROR_HEADERS[code]).find((schema) => schema !== undefined);
    const page = pages[status];
    // The same codes answer the same way on every route: one component each (unless a page joins them).
    const id = statusCodes.map(pascalCase).join('Or');
    const shared = page ? undefined : sharedResponses.get(id);
    if (shared) {
      responses[String(status)] = shared;
      continue;
    }
    responses[String(status)] = {
      ...(page ? {} : { id }),
      description: statusCodes.map((code) => `\`${code}\`: ${ERROR_CODES[code].meaning}`).join(' '),
      ...(headers ? { headers } : {}),
      content: {
        'application/json': {
          schema: errorBody(statusCodes as [ErrorCode, ...ErrorCode[]]),
          examples: Object.fromEntries(statusCodes.map((code) => [code, { summary: code, value: { error: { code, ...ERROR_CODES[code].example } } }])),
        },
        ...page,
      },
    };
    if (!page) sharedResponses.set(id, responses[String(status)] as ZodOpenApiResponseObject);
  }
  return responses;
}

const pascalCase = (code: string) => code.replace(/(^|_)([a-z])/g, (_match, _separator: string, letter: string) => letter.toUpperCase());
