import { gunzipSync } from 'node:zlib';
import type { ErrorCode } from '../../../shared/errors.js';
import type { RawResponse } from '../raw-http.js';
import type { FuzzCase } from './requests.js';

// What every answer to any request must be (docs/contract.md §2): never a 5xx; a refusal is a JSON
// error with a known code and its status — or, on the two public pages made for people, the
// documented HTML page; no stack trace, no internal name, anywhere.

// Every error code and its status: the API's (a new ErrorCode does not compile until it is here) and
// the local gateway's own refusals of malformed HTTP (README, Errors).
const API_ERRORS = {
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
} as const satisfies Record<ErrorCode, number>;
export const KNOWN_ERRORS: Readonly<Record<string, number>> = { ...API_ERRORS, bad_request: 400, request_timeout: 408, headers_too_large: 431 };

// Names of the implementation a body must never show (unless the request itself carried them, as
// an echoed path or an unknown field's name).
const INTERNAL_NAMES = [
  'RippleError',
  'StoreUnavailable',
  'ConditionalCheckFailed',
  'ResourceNotFoundException',
  'ValidationException',
  'DynamoDB',
  'dynalite',
  'TypeError',
  'ReferenceError',
  'RangeError',
  'SyntaxError',
  'Cannot read properties',
  'is not a function',
  'node_modules',
  'node:internal',
  'file://',
  '/shared/',
  '/functions/',
  '.ts:',
  'APIKEY#',
  'SHARETOKEN#',
  'WS#',
  'LINK#',
];
// Attributes of stored items that no JSON answer may carry as a field.
const INTERNAL_FIELDS = new Set([
  'pk',
  'sk',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'workspaceId',
  'writeToken',
  'requestFingerprint',
  'tokenHash',
  'keyHash',
  'creatorVisitorId',
]);
const STACK_TRACE = /\n\s+at [^\n]+:\d+:\d+|\bat (?:async )?[\w$.<>[\] ]+ \((?:file:\/\/|\/|node:)[^)]*:\d+:\d+\)/;

const TEXT_TYPES = /^(application\/json|text\/(html|plain|csv|css|javascript)|image\/svg\+xml)/;

/** Every way this answer breaks the contract; none when it keeps it. */
export function answerProblems(fuzzCase: FuzzCase, response: RawResponse): string[] {
  const problems: string[] = [];
  const { status } = response;
  const type = response.headers['content-type'] ?? '';
  const head = fuzzCase.request.method === 'HEAD';
  if (status >= 500) problems.push(`a ${status}`);
  if (fuzzCase.defects.length > 0 && status < 400) problems.push(`accepted (${status}) although it has ${fuzzCase.defects.join('; ')}`);
  if (status >= 300 && status < 400 && !redirects(fuzzCase)) problems.push(`a redirect (${status}) from a route that does not redirect`);
  // Every page, whatever its status (the dashboard's, a share's, a dead link's): a CSP that allows
  // nothing by default and no framing (docs/dashboard.md, "Headers").
  if (/^text\/html/.test(type) && !/default-src 'none'[\s\S]*frame-ancestors 'none'/.test(response.headers['content-security-policy'] ?? '')) {
    problems.push('an HTML page without its Content-Security-Policy');
  }
  if (status >= 400) problems.push(...errorProblems(fuzzCase, response, type, head));
  else if (!head && status !== 204 && /^application\/json/.test(type)) {
    // A document served gzipped (the API description) is read as the client would.
    const parsed = parseJson(response.headers['content-encoding'] === 'gzip' ? gunzipSync(response.body) : response.body);
    if (parsed === undefined) problems.push('a JSON answer that does not parse');
    else problems.push(...internalFields(parsed));
  }
  // Answers carry what was stored (a content's title may say anything), so names are checked in
  // refusals only; a stack trace nowhere.
  if (!response.headers['content-encoding'] && TEXT_TYPES.test(type) && !/javascript|css/.test(type)) {
    problems.push(...leaks(response.body.toString('utf8'), requestText(fuzzCase), status >= 400));
  }
  return problems;
}

// GET|HEAD /{code} answers 302 to the destination; GET / sends a person to /app.
const redirects = (fuzzCase: FuzzCase) => ['GET /{code}', 'HEAD /{code}', 'GET /'].includes(fuzzCase.routeKey);

function errorProblems(fuzzCase: FuzzCase, response: RawResponse, type: string, head: boolean): string[] {
  if (/^text\/html/.test(type)) return htmlPageProblems(fuzzCase, response, head);
  if (!/^application\/json/.test(type)) return [`an error as ${type || 'no content type'}, not JSON`];
  if (head) return [];
  const body = parseJson(response.body) as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | undefined;
  if (!body || typeof body !== 'object') return ['an error body that is not JSON'];
  const problems: string[] = [];
  const keys = Object.keys(body);
  if (keys.length !== 1 || keys[0] !== 'error') problems.push(`an error body with fields ${keys.join(', ')} (only "error")`);
  const { code, message, issues } = body.error ?? {};
  if (typeof code !== 'string' || !Object.hasOwn(KNOWN_ERRORS, code)) problems.push(`an unknown error code ${JSON.stringify(code)}`);
  else if (KNOWN_ERRORS[code] !== response.status) problems.push(`${code} with status ${response.status} (it is ${KNOWN_ERRORS[code]})`);
  if (typeof message !== 'string' || message === '') problems.push('an error without a message');
  if (issues !== undefined && !(Array.isArray(issues) && issues.every(isIssue))) problems.push('issues that are not [{path, message}]');
  if (response.status === 401 && response.headers['www-authenticate'] !== 'Bearer') problems.push('a 401 without WWW-Authenticate: Bearer');
  if (response.status === 429 && !/^\d+$/.test(response.headers['retry-after'] ?? '')) problems.push('a 429 without Retry-After');
  return problems;
}

const isIssue = (issue: unknown) =>
  typeof issue === 'object' &&
  issue !== null &&
  Array.isArray((issue as { path?: unknown }).path) &&
  typeof (issue as { message?: unknown }).message === 'string';

// The two HTML error pages (README, dashboard.md): a dead short link, to a browser that ranks HTML
// above JSON; and a share link that is no more (any client: it is a page's address).
function htmlPageProblems(fuzzCase: FuzzCase, response: RawResponse, head: boolean): string[] {
  const deadLink = (fuzzCase.routeKey === 'GET /{code}' || fuzzCase.routeKey === 'HEAD /{code}') && [404, 410].includes(response.status);
  const goneShare = fuzzCase.routeKey === 'GET /app/{path+}' && /^r\//.test(fuzzCase.dashboardPath ?? '') && response.status === 404;
  if (!deadLink && !goneShare) return [`an HTML error page (${response.status}) where the contract says JSON`];
  if (deadLink && !/html/i.test(fuzzCase.accept ?? '')) return ['an HTML error page to a client that did not ask for HTML'];
  const problems: string[] = [];
  if (!head && !/^<!doctype html>/i.test(response.body.toString('utf8'))) problems.push('an HTML error page that is not the documented page');
  return problems;
}

function leaks(text: string, request: string, refusal: boolean): string[] {
  const problems: string[] = [];
  if (STACK_TRACE.test(text) && !STACK_TRACE.test(request)) problems.push('a stack trace in the body');
  if (!refusal) return problems;
  for (const name of INTERNAL_NAMES) if (text.includes(name) && !request.includes(name)) problems.push(`"${name}" in the body`);
  return problems;
}

function internalFields(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => internalFields(item, `${path}[${index}]`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(INTERNAL_FIELDS.has(key) ? [`the internal field ${path}.${key} in the body`] : []),
    ...internalFields(item, `${path}.${key}`),
  ]);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

// Everything the request said, decoded as the server may have (an echo is not a leak).
function requestText(fuzzCase: FuzzCase): string {
  const { request } = fuzzCase;
  const target = [request.target, safeDecode(request.target)].join('\n');
  const headers = request.headers.map(([name, value]) => `${name}: ${value.toString('utf8')}`).join('\n');
  return `${target}\n${headers}\n${request.body?.toString('utf8') ?? ''}`;
}

function safeDecode(text: string) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
