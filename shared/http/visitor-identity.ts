import {
  hashedClientAddress,
  hashedVisitorId,
  utcDay,
  VISITOR_COOKIE,
  VISITOR_COOKIE_MAX_AGE_SECONDS,
  visitorIdFromCookie,
} from '../domain/visitor.js';
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

export function makeVisitorIdentity(salts: VisitorSaltStore): VisitorIdentity {
  // The day's salt is read once per instance and day, keeping the redirect free of uncached reads.
  let current: { day: string; salt: Promise<string> } | null = null;
  const saltOf = (now: Date) => {
    const day = utcDay(now);
    if (current?.day !== day) {
      const salt = salts.saltFor(day);
      current = { day, salt };
      salt.catch(() => {
        if (current?.salt === salt) current = null; // a failed read is retried by the next request
      });
    }
    return current.salt;
  };

  return {
    async identify(event, now) {
      const fromCookie = visitorIdFromCookie(cookie(event, VISITOR_COOKIE));
      if (fromCookie) return { id: fromCookie, setCookie: null };
      const id = hashedVisitorId(await saltOf(now), clientAddress(event), header(event, 'user-agent') ?? '');
      return { id, setCookie: visitorCookie(id, isHttps(event)) };
    },
    async addressKey(event, now) {
      return hashedClientAddress(await saltOf(now), clientAddress(event));
    },
  };
}

// Over HTTPS the cookie is SameSite=None so the share button on the destination page can send
// it with its cross-site re-share call; plain-HTTP local development can only use Lax.
function visitorCookie(id: string, secure: boolean): string {
  const attributes = [`${VISITOR_COOKIE}=${id}`, `Max-Age=${VISITOR_COOKIE_MAX_AGE_SECONDS}`, 'Path=/', 'HttpOnly'];
  attributes.push(secure ? 'Secure; SameSite=None' : 'SameSite=Lax');
  return attributes.join('; ');
}
