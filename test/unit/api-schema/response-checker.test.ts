import { describe, expect, it } from 'vitest';
import { contentExample, contentReportExample, reportCsvExample, thresholdCrossedExample } from '../../../shared/api-schema/examples.js';
import { responseChecker } from '../../support/openapi.js';

// The check every integration answer goes through (test/support/answer-check.ts): it must pass
// what the document promises and catch each way an answer can stray from it.

const checker = responseChecker();
const base = 'http://127.0.0.1:3000';
const json = (body: unknown) => JSON.stringify(body);
const problemsOf = (answer: { method: string; path: string; status: number; headers?: Record<string, string>; body?: string }) =>
  checker.check({ method: answer.method, url: `${base}${answer.path}`, status: answer.status, headers: answer.headers ?? {}, body: answer.body ?? '' })
    ?.problems;

const created = { 'content-type': 'application/json; charset=utf-8', location: `/v1/contents/${contentExample.id}` };

describe('an answer checked against docs/openapi.json', () => {
  it('passes when its status, headers, media type and body are the documented ones', () => {
    expect(problemsOf({ method: 'POST', path: '/v1/contents', status: 201, headers: created, body: json(contentExample) })).toEqual([]);
    expect(checker.check({ method: 'POST', url: `${base}/v1/contents`, status: 201, headers: created, body: json(contentExample) })?.routeKey).toBe(
      'POST /v1/contents',
    );
  });

  it('fails a body with a field the document does not have, or without one it requires', () => {
    expect(problemsOf({ method: 'POST', path: '/v1/contents', status: 201, headers: created, body: json({ ...contentExample, workspaceId: 'ws_1' }) })).toEqual(
      [expect.stringContaining('must NOT have additional properties')],
    );
    const { url: _url, ...withoutUrl } = contentExample;
    expect(problemsOf({ method: 'POST', path: '/v1/contents', status: 201, headers: created, body: json(withoutUrl) })).toEqual([
      expect.stringContaining("must have required property 'url'"),
    ]);
  });

  it('fails a status the operation does not list, and an error code its status does not list', () => {
    expect(problemsOf({ method: 'POST', path: '/v1/contents', status: 418, headers: created, body: '{}' })).toEqual([
      expect.stringContaining('status 418 is not documented'),
    ]);
    const gone = json({ error: { code: 'gone', message: 'This content is no longer active' } });
    expect(problemsOf({ method: 'POST', path: '/v1/contents', status: 400, headers: created, body: gone })).toEqual([
      expect.stringContaining('must be equal to one of the allowed values'),
    ]);
  });

  it('fails an answer without a header the document requires', () => {
    expect(
      problemsOf({ method: 'POST', path: '/v1/contents', status: 201, headers: { 'content-type': 'application/json' }, body: json(contentExample) }),
    ).toEqual([expect.stringContaining('no Location header')]);
  });

  it('fails a documented header whose value its schema does not allow', () => {
    const problems = problemsOf({
      method: 'POST',
      path: '/v1/contents',
      status: 201,
      headers: { ...created, 'idempotent-replayed': 'yes' },
      body: json(contentExample),
    });
    expect(problems).toEqual([expect.stringContaining('header Idempotent-Replayed')]);
  });

  it('holds other media types to the documented ones: CSV for a report, not HTML', () => {
    const path = `/v1/contents/${contentExample.id}/report`;
    expect(problemsOf({ method: 'GET', path, status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' }, body: reportCsvExample })).toEqual([]);
    expect(problemsOf({ method: 'GET', path, status: 200, headers: { 'content-type': 'application/json' }, body: json(contentReportExample) })).toEqual([]);
    expect(problemsOf({ method: 'GET', path, status: 200, headers: { 'content-type': 'text/html' }, body: '<p>' })).toEqual([
      expect.stringContaining('content-type text/html'),
    ]);
  });

  it('wants no body where the document has none, and never reads one of a HEAD answer', () => {
    const redirect = { location: 'https://shop.example.com/?ref=aB3dE5fG7h', 'cache-control': 'no-store' };
    expect(problemsOf({ method: 'GET', path: '/aB3dE5fG7h', status: 302, headers: redirect })).toEqual([]);
    expect(problemsOf({ method: 'GET', path: '/aB3dE5fG7h', status: 302, headers: redirect, body: 'moved' })).toEqual([
      expect.stringContaining('a body, where the document has none'),
    ]);
    expect(problemsOf({ method: 'HEAD', path: '/aB3dE5fG7h', status: 404, headers: { 'content-type': 'application/json' } })).toEqual([]);
  });

  it('holds a request no route matches to a JSON 404, and leaves the local stack\u2019s controls alone', () => {
    const notFound = json({ error: { code: 'not_found', message: 'No route GET /v2/nothing' } });
    expect(problemsOf({ method: 'GET', path: '/v2/nothing/here', status: 404, headers: { 'content-type': 'application/json' }, body: notFound })).toEqual([]);
    expect(problemsOf({ method: 'GET', path: '/v2/nothing/here', status: 200, headers: { 'content-type': 'application/json' }, body: notFound })).toEqual([
      expect.stringContaining('must answer 404'),
    ]);
    expect(checker.check({ method: 'POST', url: `${base}/_local/aggregate`, status: 200, headers: {}, body: '{}' })).toBeNull();
  });
});

describe('a webhook event checked against docs/openapi.json', () => {
  it('passes the events Ripple sends and fails any other shape', () => {
    expect(checker.webhookProblems(thresholdCrossedExample)).toEqual([]);
    expect(checker.webhookProblems({ ...(thresholdCrossedExample as object), data: {} })).not.toEqual([]);
    expect(checker.webhookProblems({ type: 'content.deleted' })).toEqual(['webhook event of undocumented type content.deleted']);
  });
});
