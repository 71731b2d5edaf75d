import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import type { HttpEvent } from '../../shared/http/event.js';
import type { RouteMatch } from './route-matcher.js';

export interface PlainRequest {
  method: string;
  /** Path and query, exactly as on the request line. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  sourceIp: string;
}

const TEXT_BODY = /^(application\/(json|[\w.+-]+\+json|x-www-form-urlencoded|xml)|text\/)/i;

// The HTTP API payload v2 event API Gateway would build for this request: headers lower-cased
// and comma-joined, cookies split out of the Cookie header, binary bodies base64-encoded.
export function toApiGatewayEvent(request: PlainRequest, match: RouteMatch, now = new Date(), requestId: string = randomUUID()): HttpEvent {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : request.url.slice(queryAt + 1);

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name.toLowerCase() === 'cookie') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  headers['x-forwarded-for'] = request.sourceIp;
  headers['x-forwarded-proto'] = 'http';
  const cookieHeader = request.headers.cookie;
  const cookies = (Array.isArray(cookieHeader) ? cookieHeader.join('; ') : (cookieHeader ?? ''))
    .split(';')
    .map((pair) => pair.trim())
    .filter(Boolean);

  // No prototype: a parameter named `toString` or `__proto__` is a parameter like any other.
  const query: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    query[name] = Object.hasOwn(query, name) ? `${query[name]},${value}` : value;
  }

  const textual = TEXT_BODY.test(headers['content-type'] ?? 'application/json');
  const host = headers.host ?? 'localhost';
  return {
    version: '2.0',
    routeKey: match.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(match.pathParameters ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: host.split(':')[0] ?? host,
      domainPrefix: 'local',
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: match.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(request.body.length
      ? { body: textual ? request.body.toString('utf8') : request.body.toString('base64'), isBase64Encoded: !textual }
      : { isBase64Encoded: false }),
  };
}

// Writes a Lambda result as API Gateway would, including its inference for non-structured results.
export function writeApiGatewayResult(result: APIGatewayProxyResultV2, response: ServerResponse, method: string): void {
  const structured =
    typeof result === 'object' && result !== null && 'statusCode' in result
      ? result
      : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
  const headers: Record<string, string | string[]> = { ...(structured.headers as Record<string, string> | undefined) };
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body ? Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  headers['content-length'] = String(body.length);
  response.writeHead(structured.statusCode ?? 200, headers);
  response.end(method === 'HEAD' ? undefined : body);
}
