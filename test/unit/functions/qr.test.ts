import { describe, expect, it, vi } from 'vitest';
import { makeQrHandler } from '../../../functions/qr/handler.js';
import type { LinkLookups } from '../../../shared/store/lookup-cache.js';
import { decodeQrPng, decodeQrSvg } from '../../support/qr.js';
import { content, httpEvent, lambdaContext, link } from './fixtures.js';

function lookups(overrides: { active?: boolean } = {}): LinkLookups {
  return {
    link: vi.fn(async (code: string) => (code === link.code ? link : null)),
    content: vi.fn(async () => ({ ...content, active: overrides.active ?? true })),
  };
}

const qrEvent = (format: 'svg' | 'png', code = link.code, headers: Record<string, string> = {}) =>
  httpEvent({
    method: 'GET',
    path: `/v1/links/${code}/qr.${format}`,
    routeKey: `GET /v1/links/{code}/qr.${format}`,
    pathParameters: { code },
    headers,
  });

describe('qr handler', () => {
  it('answers the SVG of the short URL with the qr marker, cacheable for a day', async () => {
    const handler = makeQrHandler({ lookups: lookups(), publicUrl: 'https://rpl.example/' });

    const response = await handler(qrEvent('svg'), lambdaContext);

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'image/svg+xml',
      'cache-control': 'public, max-age=86400',
      'content-security-policy': "default-src 'none'",
    });
    expect(response.isBase64Encoded).toBe(false);
    expect(decodeQrSvg(response.body ?? '')).toBe(`https://rpl.example/${link.code}?via=qr`);
  });

  it('answers the PNG, base64-encoded for API Gateway', async () => {
    const handler = makeQrHandler({ lookups: lookups(), publicUrl: 'https://rpl.example' });

    const response = await handler(qrEvent('png'), lambdaContext);

    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'content-type': 'image/png', 'cache-control': 'public, max-age=86400' });
    expect(response.isBase64Encoded).toBe(true);
    expect(decodeQrPng(Buffer.from(response.body ?? '', 'base64'))).toBe(`https://rpl.example/${link.code}?via=qr`);
  });

  it('encodes the host the request came to when no public URL is configured', async () => {
    const handler = makeQrHandler({ lookups: lookups(), publicUrl: undefined });

    const response = await handler(qrEvent('svg', link.code, { host: 'links.shop.example', 'x-forwarded-proto': 'https' }), lambdaContext);

    expect(decodeQrSvg(response.body ?? '')).toBe(`https://links.shop.example/${link.code}?via=qr`);
  });

  it('answers a JSON 404 for an unknown or malformed code, never cached', async () => {
    const handler = makeQrHandler({ lookups: lookups(), publicUrl: 'https://rpl.example' });

    for (const code of ['ZZZZZZZZZZ', 'bad!code']) {
      const response = await handler(qrEvent('svg', code), lambdaContext);
      expect(response.statusCode, code).toBe(404);
      expect(response.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      expect(JSON.parse(response.body ?? '').error.code).toBe('not_found');
    }
  });

  it('answers 410 for a link of inactive content, as the redirect does', async () => {
    const handler = makeQrHandler({ lookups: lookups({ active: false }), publicUrl: 'https://rpl.example' });

    const response = await handler(qrEvent('png'), lambdaContext);

    expect(response.statusCode).toBe(410);
    expect(JSON.parse(response.body ?? '').error.code).toBe('gone');
  });
});
