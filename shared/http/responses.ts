import type { HttpResult } from './event.js';

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function json(statusCode: number, body: unknown, extra: { headers?: Record<string, string>; cookies?: string[] } = {}): HttpResult {
  return {
    statusCode,
    headers: { ...JSON_HEADERS, ...extra.headers },
    ...(extra.cookies?.length ? { cookies: extra.cookies } : {}),
    body: JSON.stringify(body),
  };
}

/** A CSV download (reports, series), named `<filename>.csv`. */
export function csv(body: string, filename: string): HttpResult {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}.csv"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

export function noContent(headers: Record<string, string> = {}): HttpResult {
  return { statusCode: 204, headers };
}

// 302, never 301, and never cached: a cached redirect is a click we don't see (docs/contract.md §2).
export function redirect(location: string, cookies: string[]): HttpResult {
  return {
    statusCode: 302,
    headers: {
      location,
      'cache-control': 'no-store',
      'x-robots-tag': 'noindex',
      'referrer-policy': 'no-referrer-when-downgrade',
    },
    ...(cookies.length ? { cookies } : {}),
    body: '',
  };
}
