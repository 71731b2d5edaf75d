import { describe, expect, it } from 'vitest';
import { hashedClientAddress, hashedVisitorId, utcDay, VISITOR_COOKIE_MAX_AGE_SECONDS, visitorIdFromCookie } from '../../../shared/domain/visitor.js';

const IP = '203.0.113.57';
const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('visitorIdFromCookie', () => {
  it('accepts exactly h_ followed by 22 base64url characters', () => {
    const value = 'h_abcdefghijk-_LMNOPQRS0';
    expect(value).toHaveLength(24);
    expect(visitorIdFromCookie(value)).toBe(value);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['too short', 'h_abcdefghijklmnopqrstu'],
    ['too long', 'h_abcdefghijklmnopqrstuvw'],
    ['wrong prefix', 'x_abcdefghijklmnopqrstuv'],
    ['no prefix', 'abcdefghijklmnopqrstuvwx'],
    ['bad character', 'h_abcdefghijklmnopqrstu='],
    ['trailing newline', 'h_abcdefghijklmnopqrstuv\n'],
    ['script', '<script>alert(1)</script>'],
  ])('refuses a %s value', (_label, value) => {
    expect(visitorIdFromCookie(value)).toBeNull();
  });

  it('accepts what hashedVisitorId produces, so a hashed id set as cookie comes back valid', () => {
    const id = hashedVisitorId('salt', IP, UA);
    expect(visitorIdFromCookie(id)).toBe(id);
  });
});

describe('hashedVisitorId', () => {
  it('is deterministic for the same salt, address and user agent', () => {
    expect(hashedVisitorId('salt-a', IP, UA)).toBe(hashedVisitorId('salt-a', IP, UA));
  });

  it('changes when the daily salt rotates', () => {
    expect(hashedVisitorId('salt-monday', IP, UA)).not.toBe(hashedVisitorId('salt-tuesday', IP, UA));
  });

  it('differs across client addresses', () => {
    expect(hashedVisitorId('salt', '203.0.113.57', UA)).not.toBe(hashedVisitorId('salt', '203.0.113.58', UA));
  });

  it('differs across user agents', () => {
    expect(hashedVisitorId('salt', IP, UA)).not.toBe(hashedVisitorId('salt', IP, `${UA} Edg/131.0`));
  });

  it('does not confuse the boundary between address and user agent', () => {
    expect(hashedVisitorId('salt', '1.2.3.4', '5 UA')).not.toBe(hashedVisitorId('salt', '1.2.3.45', ' UA'));
  });

  it('never contains the raw address or user agent', () => {
    const id = hashedVisitorId('salt', IP, 'curl');
    expect(id).not.toContain(IP);
    expect(id).not.toContain('curl');
    expect(id).toMatch(/^h_[A-Za-z0-9_-]{22}$/);
  });
});

describe('hashedClientAddress', () => {
  it('is deterministic per salt and address and differs across both', () => {
    expect(hashedClientAddress('s', IP)).toBe(hashedClientAddress('s', IP));
    expect(hashedClientAddress('s', IP)).not.toBe(hashedClientAddress('t', IP));
    expect(hashedClientAddress('s', IP)).not.toBe(hashedClientAddress('s', '198.51.100.1'));
  });

  it('is not the raw address and not the visitor id of the same inputs', () => {
    const address = hashedClientAddress('s', IP);
    expect(address).not.toContain(IP);
    expect(address.slice(2)).not.toBe(hashedVisitorId('s', IP, '').slice(2));
    expect(address).not.toBe(hashedVisitorId('s', IP, UA));
  });
});

describe('utcDay', () => {
  it('is the UTC calendar date, not the local one', () => {
    expect(utcDay(new Date('2024-03-10T23:59:59.999Z'))).toBe('2024-03-10');
    expect(utcDay(new Date('2024-03-11T00:00:00.000Z'))).toBe('2024-03-11');
    expect(utcDay(new Date('2024-03-10T23:30:00-05:00'))).toBe('2024-03-11');
  });
});

describe('VISITOR_COOKIE_MAX_AGE_SECONDS', () => {
  it('stays within the 400-day cap browsers enforce', () => {
    expect(VISITOR_COOKIE_MAX_AGE_SECONDS).toBeLessThanOrEqual(400 * 24 * 60 * 60);
    expect(VISITOR_COOKIE_MAX_AGE_SECONDS).toBeGreaterThan(30 * 24 * 60 * 60);
  });
});
