import { describe, expect, it } from 'vitest';
import { toApiGatewayEvent } from '../../../infra/local/api-gateway-event.js';
import { matchRoute } from '../../../infra/local/route-matcher.js';

describe('matchRoute', () => {
  it('matches the route table like API Gateway: whole segments, literal beats parameter', () => {
    expect(matchRoute('GET', '/v1/contents')).toEqual({ routeKey: 'GET /v1/contents', functionName: 'api', pathParameters: undefined });
    expect(matchRoute('GET', '/v1/contents/cnt_x')).toMatchObject({ routeKey: 'GET /v1/contents/{id}', pathParameters: { id: 'cnt_x' } });
    expect(matchRoute('POST', '/v1/links/abc/reshare')).toMatchObject({ routeKey: 'POST /v1/links/{code}/reshare', functionName: 'reshare' });
    expect(matchRoute('GET', '/abcdefgh')).toMatchObject({ routeKey: 'GET /{code}', functionName: 'redirect', pathParameters: { code: 'abcdefgh' } });
    expect(matchRoute('HEAD', '/abcdefgh')).toMatchObject({ routeKey: 'HEAD /{code}', functionName: 'redirect' });
  });

  it('sends everything unmatched to $default on the api function', () => {
    for (const [method, path] of [
      ['DELETE', '/v1/contents'],
      ['POST', '/'],
      ['GET', '/a/b'],
      ['GET', '/v1/contents/x/y/z'],
      ['GET', '/apps/x'],
    ] as const) {
      expect(matchRoute(method, path)).toEqual({ routeKey: '$default', functionName: 'api', pathParameters: undefined });
    }
  });
});

describe('matchRoute with a greedy {name+} route', () => {
  it('takes one or more trailing segments, joined, and loses to any exact route', () => {
    expect(matchRoute('GET', '/app')).toMatchObject({ routeKey: 'GET /app', functionName: 'dashboard', pathParameters: undefined });
    expect(matchRoute('GET', '/app/contents/cnt_1/tree')).toMatchObject({ routeKey: 'GET /app/{path+}', pathParameters: { path: 'contents/cnt_1/tree' } });
    expect(matchRoute('GET', '/app/assets/main-ABC.js')).toMatchObject({ pathParameters: { path: 'assets/main-ABC.js' } });
    expect(matchRoute('GET', '/')).toMatchObject({ routeKey: 'GET /', functionName: 'dashboard' });
  });

  it('needs at least one segment after its prefix', () => {
    expect(matchRoute('GET', '/app/')).toEqual({ routeKey: '$default', functionName: 'api', pathParameters: undefined });
    expect(matchRoute('POST', '/app/x')).toMatchObject({ routeKey: '$default' });
  });
});

describe('toApiGatewayEvent', () => {
  const match = matchRoute('POST', '/v1/links/abcdefgh/reshare');

  it('builds a v2 event: lower-cased comma-joined headers, cookies split out, query parsed', () => {
    const event = toApiGatewayEvent(
      {
        method: 'POST',
        url: '/v1/links/abcdefgh/reshare?a=1&a=2&b=x%20y',
        headers: { 'X-Custom': ['one', 'two'], cookie: 'rpl_vid=h_1; other=2', 'content-type': 'application/json' },
        body: Buffer.from('{"k":1}'),
        sourceIp: '192.0.2.1',
      },
      match,
    );

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/links/{code}/reshare',
      rawPath: '/v1/links/abcdefgh/reshare',
      rawQueryString: 'a=1&a=2&b=x%20y',
      cookies: ['rpl_vid=h_1', 'other=2'],
      queryStringParameters: { a: '1,2', b: 'x y' },
      pathParameters: { code: 'abcdefgh' },
      body: '{"k":1}',
      isBase64Encoded: false,
    });
    expect(event.headers['x-custom']).toBe('one,two');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.http).toMatchObject({ method: 'POST', sourceIp: '192.0.2.1' });
  });

  // Found while writing the hostile-input fuzzer: `toString` came through as "function toString()
  // { [native code] },x", and `__proto__` not at all.
  it("passes query parameters named like an object's own members through as they came", () => {
    const event = toApiGatewayEvent(
      { method: 'GET', url: '/x?toString=a&constructor=b&__proto__=c&hasOwnProperty=d', headers: {}, body: Buffer.alloc(0), sourceIp: '192.0.2.1' },
      match,
    );

    expect(Object.entries(event.queryStringParameters ?? {})).toEqual([
      ['toString', 'a'],
      ['constructor', 'b'],
      ['__proto__', 'c'],
      ['hasOwnProperty', 'd'],
    ]);
  });

  it('base64-encodes binary bodies, as API Gateway does', () => {
    const bytes = Buffer.from([0xff, 0x00, 0xfe]);
    const event = toApiGatewayEvent(
      { method: 'POST', url: '/x', headers: { 'content-type': 'application/octet-stream' }, body: bytes, sourceIp: '192.0.2.1' },
      match,
    );

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
  });
});
