import type { IncomingHttpHeaders } from 'node:http';
import { checkAnswer } from './answer-check.js';
import type { LocalStack } from './local-stack.js';

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: any;
}

// A management API call: JSON in, JSON out, the stack's key unless `key` says otherwise.
export async function api(
  stack: Pick<LocalStack, 'url' | 'apiKey'>,
  method: string,
  path: string,
  body?: unknown,
  options: { key?: string | null; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const key = options.key === undefined ? stack.apiKey : options.key;
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined || options.rawBody !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

export const browserUserAgent = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

// GET /{code} as a browser would send it, without following the redirect.
export function visit(stack: Pick<LocalStack, 'url'>, code: string, options: { method?: string; userAgent?: string; cookie?: string; referer?: string } = {}) {
  return fetch(`${stack.url}/${code}`, {
    method: options.method ?? 'GET',
    redirect: 'manual',
    headers: {
      'user-agent': options.userAgent ?? browserUserAgent,
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.referer ? { referer: options.referer } : {}),
    },
  });
}

/** The `name=value` part of the visitor cookie a response set, if any. */
export function visitorCookie(response: Response): string | undefined {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('rpl_vid='));
}

/** Polls `probe` until it returns a value other than undefined (integration tests never sleep blindly). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/**
 * A POST sent from a chosen loopback source address (127.0.0.x), so tests of per-address
 * limits each get an address of their own.
 */
export async function postFrom(
  localAddress: string,
  url: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...options.headers } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        try {
          checkAnswer({ method: 'POST', url, status: response.statusCode ?? 0, headers: flatHeaders(response.headers), body: text });
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : null });
        } catch (error) {
          reject(error);
        }
      });
    });
    outgoing.on('error', reject);
    outgoing.end(options.body ?? '{}');
  });
}

const flatHeaders = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value]));

/** A fetch response's JSON body, loosely typed for assertions. */
export const bodyOf = async (response: Response): Promise<any> => response.json();
