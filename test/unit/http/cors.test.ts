import { describe, expect, it } from 'vitest';
import { corsHeaders, originOf, preflightHeaders, requestOrigin } from '../../../shared/http/cors.js';
import { anEvent } from './event-fixture.js';

describe('cors helpers', () => {
  it('allow one origin with credentials, varying on Origin', () => {
    expect(corsHeaders('https://shop.example.com')).toEqual({
      'access-control-allow-origin': 'https://shop.example.com',
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
  });

  it('add the methods, the content-type header and a cache age to preflights', () => {
    expect(preflightHeaders('https://shop.example.com', 'POST, OPTIONS')).toMatchObject({
      'access-control-allow-origin': 'https://shop.example.com',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
    });
  });

  it('take a URL’s origin: scheme, host and any non-default port, no path', () => {
    expect(originOf('https://shop.example.com/spring?x=1#buy')).toBe('https://shop.example.com');
    expect(originOf('http://localhost:8080/a')).toBe('http://localhost:8080');
    expect(originOf('https://shop.example.com:443/a')).toBe('https://shop.example.com');
  });

  it('read the request Origin header', () => {
    expect(requestOrigin(anEvent({ headers: { origin: 'https://a.example' } }))).toBe('https://a.example');
    expect(requestOrigin(anEvent())).toBeUndefined();
  });
});
