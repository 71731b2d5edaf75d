import { type HttpEvent, header } from './event.js';

// The public re-share is called from the campaign's own pages, on another origin, with the
// visitor cookie. It grants nothing beyond minting a child link, so any origin may call it.
export function publicCorsHeaders(event: HttpEvent): Record<string, string> {
  const origin = header(event, 'origin');
  if (!origin) return {};
  return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' };
}

export function preflightHeaders(event: HttpEvent, methods: string): Record<string, string> {
  return {
    ...publicCorsHeaders(event),
    'access-control-allow-methods': methods,
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '600',
  };
}
