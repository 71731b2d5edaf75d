import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, bodyOf, eventually, visit } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';
import { decodeQrPng, decodeQrSvg } from '../support/qr.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ env: { RIPPLE_CACHE_SECONDS: '1' } });
});
afterAll(async () => {
  await stack?.stop();
});

async function seedLink(path = '/spring') {
  const content = await api(stack, 'POST', '/v1/contents', { url: `https://shop.example.com${path}` });
  const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, { sharer: 'alice' });
  return { contentId: content.body.id as string, code: link.body.code as string };
}

describe('GET /v1/links/{code}/qr.svg', () => {
  it("serves, without a key, an SVG that decodes to the link's short URL with the qr marker", async () => {
    const { code } = await seedLink();

    const response = await fetch(`${stack.url}/v1/links/${code}/qr.svg`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(decodeQrSvg(await response.text())).toBe(`${stack.url}/${code}?via=qr`);
  });

  it('leads, when scanned, through the redirect to the content', async () => {
    const { code } = await seedLink('/scanned');
    const scanned = decodeQrSvg(await (await fetch(`${stack.url}/v1/links/${code}/qr.svg`)).text()) ?? '';

    const landed = await visit(stack, scanned.slice(stack.url.length + 1));

    expect(landed.status).toBe(302);
    expect(landed.headers.get('location')).toBe(`https://shop.example.com/scanned?ref=${code}`);
  });

  it('answers a JSON 404 for an unknown code', async () => {
    const response = await fetch(`${stack.url}/v1/links/ZZZZZZZZZZ/qr.svg`);

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect((await bodyOf(response)).error.code).toBe('not_found');
  });

  it('answers 410 once the content is inactive', async () => {
    const { contentId, code } = await seedLink('/ended');
    await api(stack, 'PATCH', `/v1/contents/${contentId}`, { active: false });

    const status = await eventually(async () => {
      const response = await fetch(`${stack.url}/v1/links/${code}/qr.svg`);
      return response.status === 410 ? response.status : undefined;
    });
    expect(status).toBe(410);
  });
});

describe('GET /v1/links/{code}/qr.png', () => {
  it('serves the same code as a PNG', async () => {
    const { code } = await seedLink();

    const response = await fetch(`${stack.url}/v1/links/${code}/qr.png`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(decodeQrPng(Buffer.from(await response.arrayBuffer()))).toBe(`${stack.url}/${code}?via=qr`);
  });
});
