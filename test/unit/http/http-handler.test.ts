import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { notFound } from '../../../shared/errors.js';
import { httpHandler } from '../../../shared/http/http-handler.js';
import { json } from '../../../shared/http/responses.js';
import { anEvent } from './event-fixture.js';

const context = {} as Context;
let consoleError: MockInstance<typeof console.error>;
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => consoleError.mockRestore());

describe('httpHandler', () => {
  it('passes a successful response through', async () => {
    const handler = httpHandler(async () => json(200, { ok: true }));
    const result = await handler(anEvent(), context);
    expect(result.statusCode).toBe(200);
  });

  it('maps a thrown RippleError to its JSON error response', async () => {
    const handler = httpHandler(async () => {
      throw notFound('No such content');
    });
    const result = await handler(anEvent(), context);
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body ?? '')).toEqual({ error: { code: 'not_found', message: 'No such content' } });
  });

  it('maps an unexpected throw to a bare 500 instead of rejecting', async () => {
    const handler = httpHandler(async () => {
      throw new RangeError('boom at secret place');
    });
    const result = await handler(anEvent(), context);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret place');
    expect(consoleError).toHaveBeenCalled();
  });

  describe('with public CORS', () => {
    const origin = 'https://campaign.example';
    const handler = httpHandler(
      async (event) => {
        if (event.rawPath === '/fail') throw notFound('No such link');
        return json(201, { ok: true }, { headers: { 'x-own': '1' } });
      },
      { publicCors: { methods: 'POST, OPTIONS' } },
    );

    it('answers an OPTIONS preflight with 204 and the allowed methods, without running the handler', async () => {
      const result = await handler({ ...anEvent({ method: 'OPTIONS', headers: { origin } }), rawPath: '/fail' }, context);
      expect(result.statusCode).toBe(204);
      expect(result.headers?.['access-control-allow-methods']).toBe('POST, OPTIONS');
      expect(result.headers?.['access-control-allow-origin']).toBe(origin);
    });

    it('adds CORS headers to a success, keeping the handler’s own', async () => {
      const result = await handler(anEvent({ method: 'POST', headers: { origin } }), context);
      expect(result.statusCode).toBe(201);
      expect(result.headers?.['access-control-allow-origin']).toBe(origin);
      expect(result.headers?.['x-own']).toBe('1');
    });

    it('adds CORS headers to an error response too, so the browser can read it', async () => {
      const result = await handler({ ...anEvent({ method: 'POST', headers: { origin } }), rawPath: '/fail' }, context);
      expect(result.statusCode).toBe(404);
      expect(result.headers?.['access-control-allow-origin']).toBe(origin);
      expect(result.headers?.['access-control-allow-credentials']).toBe('true');
    });
  });
});
