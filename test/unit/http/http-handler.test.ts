import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { notFound } from '../../../shared/errors.js';
import { httpHandler } from '../../../shared/http/http-handler.js';
import { json } from '../../../shared/http/responses.js';
import { metrics } from '../../../shared/observability/powertools.js';
import { anEvent } from './event-fixture.js';

const context = {} as Context;
let consoleError: MockInstance<typeof console.error>;
beforeEach(() => {
  consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => consoleError.mockRestore());

describe('httpHandler metrics', () => {
  const counted = async (fn: Parameters<typeof httpHandler>[0]) => {
    const addMetric = vi.spyOn(metrics, 'addMetric');
    try {
      await httpHandler(fn)(anEvent(), context);
      return addMetric.mock.calls.map(([name, unit, value]) => `${name}:${unit}:${value}`);
    } finally {
      addMetric.mockRestore();
    }
  };

  it('counts every answer as Responses, 4xx also as ClientErrors, 5xx also as ServerErrors', async () => {
    expect(await counted(async () => json(200, {}))).toEqual(['Responses:Count:1']);
    expect(
      await counted(async () => {
        throw notFound('no');
      }),
    ).toEqual(['Responses:Count:1', 'ClientErrors:Count:1']);
    expect(
      await counted(async () => {
        throw new Error('boom');
      }),
    ).toEqual(['Responses:Count:1', 'ServerErrors:Count:1']);
  });
});

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

  describe('with a CORS policy', () => {
    const origin = 'https://campaign.example';
    let ran: number;
    const handler = httpHandler(
      async (event) => {
        ran++;
        if (event.rawPath === '/fail') throw notFound('No such link');
        return json(201, { ok: true }, { headers: { 'x-own': '1' } });
      },
      {
        cors: {
          methods: 'POST, OPTIONS',
          allowedOrigin: async (event) => {
            if (event.rawPath === '/unknown') throw notFound('No such link');
            return origin;
          },
        },
      },
    );
    beforeEach(() => {
      ran = 0;
    });

    it('answers a preflight from the allowed origin with 204 and the allowed methods, without running the handler', async () => {
      const result = await handler(anEvent({ method: 'OPTIONS', headers: { origin } }), context);
      expect(result.statusCode).toBe(204);
      expect(result.headers?.['access-control-allow-methods']).toBe('POST, OPTIONS');
      expect(result.headers?.['access-control-allow-origin']).toBe(origin);
      expect(ran).toBe(0);
    });

    it('answers a preflight without Origin with a bare 204, never running the handler', async () => {
      const result = await handler(anEvent({ method: 'OPTIONS' }), context);
      expect(result.statusCode).toBe(204);
      expect(result.headers?.['access-control-allow-origin']).toBeUndefined();
      expect(ran).toBe(0);
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

    it.each(['https://evil.example', 'null', 'https://campaign.example.evil.example'])(
      'refuses a call from origin %s with 403 before the handler runs, revealing nothing to it',
      async (other) => {
        for (const method of ['POST', 'OPTIONS']) {
          const result = await handler(anEvent({ method, headers: { origin: other } }), context);
          expect(result.statusCode).toBe(403);
          expect(JSON.parse(result.body ?? '').error.code).toBe('forbidden');
          expect(result.headers?.['access-control-allow-origin']).toBeUndefined();
        }
        expect(ran).toBe(0);
      },
    );

    it('lets the policy answer not found for an unknown resource', async () => {
      const result = await handler({ ...anEvent({ method: 'POST', headers: { origin } }), rawPath: '/unknown' }, context);
      expect(result.statusCode).toBe(404);
    });

    it('runs calls without Origin (not from a browser) with no CORS headers', async () => {
      const result = await handler(anEvent({ method: 'POST' }), context);
      expect(result.statusCode).toBe(201);
      expect(result.headers?.['access-control-allow-origin']).toBeUndefined();
    });
  });
});
