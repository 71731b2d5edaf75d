import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';
import { readOpenApiDocument } from '../support/openapi.js';

// The API's description as the stack serves it, public, and the dashboard page that renders it.
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('GET /v1/openapi.json', () => {
  it('serves docs/openapi.json without a key, as cacheable JSON any origin may read', async () => {
    const response = await fetch(`${stack.url}/v1/openapi.json`, { headers: { origin: 'https://tools.example.org' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual(readOpenApiDocument());
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const served = (await (await fetch(`${stack.url}/v1/openapi.json`)).json()) as Record<string, unknown>;
    const validator = new Validator();
    const result = await validator.validate(served);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('is gzipped for a client that accepts it', async () => {
    const response = await fetch(`${stack.url}/v1/openapi.json`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(((await response.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });
});

describe('the API reference page', () => {
  it('is the dashboard\u2019s page at /app/api, under its strict CSP', async () => {
    const page = await fetch(`${stack.url}/app/api`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toMatch(/<script type="module" src="\/app\/assets\/dashboard-[A-Z0-9]{8}\.js"><\/script>/);
  });
});
