import type { HttpEvent } from '../../../shared/http/event.js';

// A minimal API Gateway HTTP API (payload v2) event; tests set only the parts they are about.
export function anEvent(
  options: {
    method?: string;
    headers?: Record<string, string>;
    cookies?: string[];
    body?: string;
    isBase64Encoded?: boolean;
    sourceIp?: string;
    domainName?: string;
    query?: Record<string, string>;
  } = {},
): HttpEvent {
  const method = options.method ?? 'GET';
  return {
    version: '2.0',
    routeKey: `${method} /test`,
    rawPath: '/test',
    rawQueryString: '',
    headers: options.headers ?? {},
    ...(options.cookies ? { cookies: options.cookies } : {}),
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: options.isBase64Encoded ?? false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: options.domainName ?? 'api.example.com',
      domainPrefix: 'api',
      http: {
        method,
        path: '/test',
        protocol: 'HTTP/1.1',
        sourceIp: options.sourceIp ?? '203.0.113.9',
        userAgent: options.headers?.['user-agent'] ?? '',
      },
      requestId: 'req-1',
      routeKey: `${method} /test`,
      stage: '$default',
      time: '01/Jan/2024:00:00:00 +0000',
      timeEpoch: 1_704_067_200_000,
    },
  };
}
