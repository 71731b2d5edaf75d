import type { Content } from '../../../shared/domain/content.js';
import type { Link } from '../../../shared/domain/link.js';
import type { HttpEvent } from '../../../shared/http/event.js';

export const content: Content = {
  id: 'cnt_unitContent0000000001',
  workspaceId: 'ws_unit',
  url: 'https://shop.example.com/p?x=1#top',
  title: 'Unit',
  campaign: null,
  refParam: 'ref',
  kWindowSeconds: 86_400,
  active: true,
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};

export const link: Link = {
  code: 'unitLink01',
  workspaceId: 'ws_unit',
  contentId: content.id,
  parent: null,
  rootCode: 'unitLink01',
  generation: 0,
  sharer: null,
  channel: null,
  utm: null,
  creatorVisitorId: null,
  createdAt: '2026-11-01T00:00:00.000Z',
};

export function httpEvent(overrides: {
  method: string;
  path: string;
  routeKey: string;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  cookies?: string[];
  body?: string;
}): HttpEvent {
  return {
    version: '2.0',
    routeKey: overrides.routeKey,
    rawPath: overrides.path,
    rawQueryString: '',
    headers: { host: 'ripple.test', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36', ...overrides.headers },
    ...(overrides.cookies ? { cookies: overrides.cookies } : {}),
    ...(overrides.pathParameters ? { pathParameters: overrides.pathParameters } : {}),
    requestContext: {
      accountId: 'unit',
      apiId: 'unit',
      domainName: 'ripple.test',
      domainPrefix: 'ripple',
      http: { method: overrides.method, path: overrides.path, protocol: 'HTTP/1.1', sourceIp: '198.51.100.9', userAgent: 'unit' },
      requestId: 'unit-request',
      routeKey: overrides.routeKey,
      stage: '$default',
      time: '01/Nov/2026:00:00:00 +0000',
      timeEpoch: 0,
    },
    ...(overrides.body === undefined ? {} : { body: overrides.body }),
    isBase64Encoded: false,
  };
}

export const lambdaContext = {} as never;
