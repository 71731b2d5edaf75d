import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../../shared/http/accept.js';

describe('acceptsGzip', () => {
  it('takes gzip when named, with any q above 0', () => {
    for (const header of ['gzip', 'br, gzip', 'gzip;q=0.5, identity', 'GZIP', 'deflate, gzip ; q=1']) expect(acceptsGzip(header), header).toBe(true);
  });

  it('refuses gzip named with q=0, even beside a wildcard', () => {
    for (const header of ['gzip;q=0', 'br, gzip;q=0', '*, gzip;q=0']) expect(acceptsGzip(header), header).toBe(false);
  });

  it('takes a wildcard for gzip unless it is q=0; nothing without a header', () => {
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('br, *;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
