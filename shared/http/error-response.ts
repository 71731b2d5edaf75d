import type { MiddlewareObj } from '@middy/core';
import { type ErrorCode, RippleError } from '../errors.js';
import { logError } from '../log.js';
import type { HttpEvent, HttpResult } from './event.js';
import { json } from './responses.js';

const STATUS: Record<ErrorCode, number> = {
  validation_error: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  invalid_target: 422,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
};

/** The HTTP status of an error kind (the redirect's pages for people keep it: link-pages.ts). */
export const statusOf = (code: ErrorCode): number => STATUS[code];

// The one place errors become HTTP: `{"error": {code, message, issues?}}` (docs/contract.md §2). Anything
// that is not a RippleError is a bug: logged in full, answered as a bare 500 with no stack.
export function errorResponse(error: unknown, event?: HttpEvent): HttpResult {
  const known = error instanceof RippleError ? error : null;
  const code: ErrorCode = known?.code ?? 'internal_error';
  const status = statusOf(code);
  if (status >= 500) {
    logError(known?.message ?? 'Unhandled error', known?.cause ?? error, {
      code,
      route: event?.routeKey,
      requestId: event?.requestContext?.requestId,
    });
  }
  const message = known && code !== 'internal_error' ? known.message : 'Internal error';
  const headers: Record<string, string> = {};
  if (known?.details.retryAfterSeconds !== undefined) headers['retry-after'] = String(known.details.retryAfterSeconds);
  if (code === 'unavailable') headers['retry-after'] = '1';
  if (code === 'unauthorized') headers['www-authenticate'] = 'Bearer';
  return json(status, { error: { code, message, ...(known?.details.issues ? { issues: known.details.issues } : {}) } }, { headers });
}

export function jsonErrors(): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: async (request) => {
      request.response = errorResponse(request.error, request.event);
    },
  };
}
