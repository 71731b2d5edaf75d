import { describe, expect, it } from 'vitest';
import { preflightHeaders, publicCorsHeaders } from '../../../shared/http/cors.js';
import { anEvent } from './event-fixture.js';

describe('publicCorsHeaders', () => {
  it('reflects the caller’s origin with credentials allowed and Vary: Origin', () => {
    const headers = publicCorsHeaders(anEvent({ headers: { origin: 'https://shop.example' } }));
    expect(headers).toEqual({
      'access-control-allow-origin': 'https://shop.example',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
  });

  it('never answers a wildcard origin, which browsers refuse with credentials', () => {
    const headers = publicCorsHeaders(anEvent({ headers: { origin: 'https://a.example' } }));
    expect(headers['access-control-allow-origin']).not.toBe('*');
  });

  it('adds nothing to a same-origin request (no Origin header)', () => {
    expect(publicCorsHeaders(anEvent())).toEqual({});
  });
});

describe('preflightHeaders', () => {
  it('allows the given methods and the content-type header, cached for a while', () => {
    const headers = preflightHeaders(anEvent({ method: 'OPTIONS', headers: { origin: 'https://a.example' } }), 'POST, OPTIONS');
    expect(headers).toMatchObject({
      'access-control-allow-origin': 'https://a.example',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
    });
    expect(Number(headers['access-control-max-age'])).toBeGreaterThan(0);
  });
});
