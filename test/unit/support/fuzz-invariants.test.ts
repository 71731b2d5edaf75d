import { describe, expect, it } from 'vitest';
import { answerProblems } from '../../support/fuzz/invariants.js';
import type { FuzzCase } from '../../support/fuzz/requests.js';
import type { RawResponse } from '../../support/raw-http.js';

// The hostile-input fuzzer's invariants catch what they name: each answer below breaks one, and
// the well-kept ones break none.
const request = (routeKey: string, extra: Partial<FuzzCase> = {}): FuzzCase => ({
  routeKey,
  request: { method: routeKey.split(' ')[0] ?? 'GET', target: '/x', headers: [] },
  defects: [],
  accept: undefined,
  ...extra,
});
const answer = (status: number, body: unknown, headers: Record<string, string> = {}): RawResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
});
const notFound = { error: { code: 'not_found', message: 'No content with this id' } };
const DEAD_LINK_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

describe('answerProblems', () => {
  it('finds nothing wrong with a JSON refusal of a known code and its status, nor with a plain answer', () => {
    expect(answerProblems(request('GET /v1/contents/{id}'), answer(404, notFound))).toEqual([]);
    expect(answerProblems(request('GET /v1/contents/{id}', { defects: ['{id} names nothing'] }), answer(404, notFound))).toEqual([]);
    expect(answerProblems(request('GET /v1/contents'), answer(200, { items: [], nextCursor: null }))).toEqual([]);
    expect(answerProblems(request('GET /{code}'), answer(302, '', { 'content-type': '', location: 'https://x.example/' }))).toEqual([]);
  });

  it.each([
    ['a 5xx', request('GET /v1/contents'), answer(500, { error: { code: 'internal_error', message: 'Internal error' } }), /a 500/],
    ['a request with a defect accepted', request('GET /v1/contents', { defects: ['a revoked key'] }), answer(200, { items: [] }), /accepted \(200\)/],
    ['an unknown code', request('GET /v1/contents'), answer(400, { error: { code: 'oops', message: 'x' } }), /unknown error code/],
    ['a code with another status', request('GET /v1/contents'), answer(400, notFound), /not_found with status 400/],
    ['more than "error" at the top', request('GET /v1/contents'), answer(404, { ...notFound, stack: 'x' }), /only "error"/],
    ['an error that is not JSON', request('GET /v1/contents'), answer(404, 'Not Found', { 'content-type': 'text/plain' }), /not JSON/],
    [
      'an HTML error where JSON is due',
      request('GET /v1/contents'),
      answer(404, '<!doctype html>', { 'content-type': 'text/html', 'content-security-policy': DEAD_LINK_CSP }),
      /contract says JSON/,
    ],
    [
      'a dead-link page to a client that asked for JSON',
      request('GET /{code}', { accept: 'application/json' }),
      answer(404, '<!doctype html>', { 'content-type': 'text/html', 'content-security-policy': DEAD_LINK_CSP }),
      /did not ask for HTML/,
    ],
    ['a page without its CSP', request('GET /app'), answer(200, '<!doctype html>', { 'content-type': 'text/html' }), /Content-Security-Policy/],
    [
      'a stack trace',
      request('GET /v1/contents'),
      answer(400, { error: { code: 'validation_error', message: 'x\n    at parse (/app/shared/http/input.ts:12:5)' } }),
      /stack trace/,
    ],
    [
      'an internal name',
      request('GET /v1/contents'),
      answer(400, { error: { code: 'validation_error', message: 'ConditionalCheckFailedException' } }),
      /ConditionalCheckFailed/,
    ],
    [
      'a stored attribute as a field',
      request('GET /v1/contents'),
      answer(200, { items: [{ id: 'cnt_1', workspaceId: 'ws_1' }] }),
      /internal field \.items\[0\]\.workspaceId/,
    ],
    ['a 401 without its challenge', request('GET /v1/contents'), answer(401, { error: { code: 'unauthorized', message: 'x' } }), /WWW-Authenticate/],
    ['a redirect from a route that does not redirect', request('GET /v1/contents'), answer(302, '', { location: '/' }), /redirect/],
  ])('finds %s', (_what, fuzzCase, response, problem) => {
    expect(answerProblems(fuzzCase, response).join('; ')).toMatch(problem);
  });

  it('takes an echo of the request for what it is, not a leak', () => {
    const echoed = request('$default', { request: { method: 'GET', target: '/node_modules/x', headers: [] } });
    expect(answerProblems(echoed, answer(404, { error: { code: 'not_found', message: 'No route GET /node_modules/x' } }))).toEqual([]);
  });
});
