import { type HttpEvent, header } from './event.js';

// CORS for a public route called from one known page origin, with the visitor cookie.
export function corsHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' };
}

export function preflightHeaders(origin: string, methods: string): Record<string, string> {
  return {
    ...corsHeaders(origin),
    'access-control-allow-methods': methods,
    'access-control-allow-headers': 'content-type',
    'access-control-max-age': '600',
  };
}

export const requestOrigin = (event: HttpEvent) => header(event, 'origin');

/** The origin (scheme://host[:port]) of an absolute URL. */
export const originOf = (url: string) => new URL(url).origin;
