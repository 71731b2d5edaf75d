import { createHmac } from 'node:crypto';

export const VISITOR_COOKIE = 'rpl_vid';
// Chrome caps cookie lifetimes at 400 days; asking for more is silently truncated.
export const VISITOR_COOKIE_MAX_AGE_SECONDS = 400 * 86_400;

const VISITOR_ID = /^h_[A-Za-z0-9_-]{22}$/;

export function visitorIdFromCookie(value: string | undefined): string | null {
  return value !== undefined && VISITOR_ID.test(value) ? value : null;
}

// docs/contract.md §1: without a cookie, a visitor is a salted hash of IP and user agent, the salt
// rotating daily. The same id is then set as the cookie, so the browser that sends it back
// stays the same visitor on later days and one that refuses cookies is still counted once a day.
export function hashedVisitorId(dailySalt: string, clientAddress: string, userAgent: string): string {
  return `h_${keyedHash(dailySalt, `visitor\n${clientAddress}\n${userAgent}`)}`;
}

// Rate limits key on the client address without ever storing it raw.
export function hashedClientAddress(dailySalt: string, clientAddress: string): string {
  return `a_${keyedHash(dailySalt, `address\n${clientAddress}`)}`;
}

export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function keyedHash(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('base64url').slice(0, 22);
}
