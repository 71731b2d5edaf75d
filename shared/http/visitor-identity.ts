import { hashedClientAddress, hashedVisitorId, utcDay, VISITOR_COOKIE, VISITOR_COOKIE_MAX_AGE_SECONDS, visitorIdFromCookie } from '../domain/visitor.js';
import type { VisitorSaltStore } from '../store/visitor-salts.js';
import { clientAddress, cookie, type HttpEvent, header, isHttps } from './event.js';

export interface Visitor {
  id: string;
  /** Set-Cookie value to send when the request carried no valid visitor cookie. */
  setCookie: string | null;
}

export interface VisitorIdentity {
  identify(event: HttpEvent, now: Date): Promise<Visitor>;
  /** The client address as a daily-salted hash, for rate limiting without storing the IP. */
  addressKey(event: HttpEvent, now: Date): Promise<string>;
}

// Tomorrow's salt is fetched in the background during the last minutes of each UTC day, so the
// first click after midnight is served from memory too.
const PREFETCH_BEFORE_MIDNIGHT_MS = 10 * 60_000;

export interface VisitorIdentityOptions {
  /**
   * Mark the cookie Partitioned (CHIPS) over HTTPS: for a response to a cross-site call (the
   * re-share from the content's page), so browsers that block third-party cookies may still keep
   * it, for that page's site only. The redirect's cookie stays unpartitioned: it is set on a visit to
   * Ripple's own site, and partitioning it there would hide it from the cross-site re-share call
   * wherever third-party cookies are still allowed.
   */
  partitionedCookie?: boolean;
}

export function makeVisitorIdentity(salts: VisitorSaltStore, options: VisitorIdentityOptions = {}): VisitorIdentity {
  // Salts by day (today's and, near midnight, tomorrow's), each read once per instance.
  const known = new Map<string, Promise<string>>();
  const saltFor = (day: string) => {
    let salt = known.get(day);
    if (!salt) {
      const loading = salts.saltFor(day);
      known.set(day, loading);
      loading.catch(() => {
        if (known.get(day) === loading) known.delete(day); // a failed read is retried by the next request
      });
      salt = loading;
    }
    return salt;
  };
  const saltOf = (now: Date) => {
    const today = utcDay(now);
    for (const day of known.keys()) if (day < today) known.delete(day);
    const soon = new Date(now.getTime() + PREFETCH_BEFORE_MIDNIGHT_MS);
    if (utcDay(soon) !== today) saltFor(utcDay(soon)).catch(() => undefined);
    return saltFor(today);
  };

  return {
    async identify(event, now) {
      const fromCookie = visitorIdFromCookie(cookie(event, VISITOR_COOKIE));
      if (fromCookie) return { id: fromCookie, setCookie: null };
      const id = hashedVisitorId(await saltOf(now), clientAddress(event), header(event, 'user-agent') ?? '');
      return { id, setCookie: visitorCookie(id, isHttps(event), options.partitionedCookie ?? false) };
    },
    async addressKey(event, now) {
      return hashedClientAddress(await saltOf(now), clientAddress(event));
    },
  };
}

// Over HTTPS the cookie is SameSite=None so the share button on the destination page can send
// it with its cross-site re-share call; plain-HTTP local development can only use Lax (and, without
// Secure, cannot be Partitioned).
function visitorCookie(id: string, secure: boolean, partitioned: boolean): string {
  const attributes = [`${VISITOR_COOKIE}=${id}`, `Max-Age=${VISITOR_COOKIE_MAX_AGE_SECONDS}`, 'Path=/', 'HttpOnly'];
  if (!secure) return [...attributes, 'SameSite=Lax'].join('; ');
  return [...attributes, 'Secure', 'SameSite=None', ...(partitioned ? ['Partitioned'] : [])].join('; ');
}
