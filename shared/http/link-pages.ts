import { type ErrorCode, RippleError } from '../errors.js';
import { prefersOverJson } from './accept.js';
import { statusOf } from './error-response.js';
import { header, type HttpEvent, type HttpResult } from './event.js';
import type { HttpFunction } from './http-handler.js';

// A person whose browser follows an unknown or inactive link sees a page saying so, with the same
// status; API clients — an Accept that prefers JSON, or that does not name HTML — keep the JSON
// error. Plain HTML: no script, style or other request, so the policy can forbid everything.
const PAGES: Partial<Record<ErrorCode, { title: string; text: string }>> = {
  not_found: { title: "This link doesn't exist", text: 'Check that it was copied whole, or ask whoever shared it for a new one.' },
  gone: { title: 'This link has expired', text: 'What it shared is no longer available.' },
};

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
  'referrer-policy': 'no-referrer',
};

/** `fn`, with its unknown-link (404) and inactive-link (410) errors answered as pages to browsers. */
export function withLinkPages(fn: HttpFunction): HttpFunction {
  return async (event, context) => {
    try {
      return await fn(event, context);
    } catch (error) {
      const page = linkPage(error, event);
      if (page) return page;
      throw error;
    }
  };
}

function linkPage(error: unknown, event: HttpEvent): HttpResult | null {
  if (!(error instanceof RippleError)) return null;
  const page = PAGES[error.code];
  if (!page || !prefersHtml(header(event, 'accept'))) return null;
  return { statusCode: statusOf(error.code), headers: { ...PAGE_HEADERS }, body: pageHtml(page) };
}

const pageHtml = ({ title, text }: { title: string; text: string }) =>
  `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<h1>${title}</h1>
<p>${text}</p>
</html>
`;

/** Does this Accept header rank HTML above JSON? A tie, or no HTML named, is JSON: the API's answer. */
export const prefersHtml = (accept: string | undefined) => prefersOverJson(accept, /^(text\/html|application\/xhtml\+xml)$/);
