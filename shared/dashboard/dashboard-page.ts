import { escapeHtml } from './html.js';

// The dashboard's one HTML page (a shell its script fills in) and the headers every dashboard
// answer carries. No inline script or style anywhere, so the Content-Security-Policy can forbid
// them; the page learns what it needs from <meta> tags.

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS = {
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export interface DashboardPage {
  /** Where the dashboard lives, e.g. `/app` or `/prod/app` on a named API Gateway stage. */
  appBase: string;
  /** Where the API lives (the stage path, or '' at the domain's root). */
  apiBase: string;
  script: string;
  style: string;
  /** Set on a read-only share's page: the content it shows. */
  sharedContentId?: string;
}

export function dashboardHtml(page: DashboardPage): string {
  const asset = (name: string) => `${page.appBase}/assets/${encodeURIComponent(name)}`;
  const meta = (name: string, content: string) => `<meta name="${name}" content="${escapeHtml(content)}">`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // A share's page is for its holder only; the dashboard itself has nothing to index either.
    '<meta name="robots" content="noindex, nofollow">',
    meta('ripple-app-base', page.appBase),
    meta('ripple-api-base', page.apiBase),
    ...(page.sharedContentId ? [meta('ripple-shared-content', page.sharedContentId)] : []),
    '<title>Ripple</title>',
    `<link rel="icon" href="${asset('favicon.svg')}">`,
    `<link rel="stylesheet" href="${asset(page.style)}">`,
    `<script type="module" src="${asset(page.script)}"></script>`,
    '</head>',
    '<body><div id="app"><noscript>Ripple\u2019s dashboard needs JavaScript.</noscript></div></body>',
    '</html>',
  ].join('\n');
}

/** The page a revoked, expired or unknown share link answers (404). */
export function shareGoneHtml(): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="robots" content="noindex, nofollow"><title>Share link not found \u2014 Ripple</title></head>',
    '<body><h1>This share link does not exist</h1>',
    '<p>It may have been revoked or have expired. Ask whoever sent it for a new one.</p></body></html>',
  ].join('\n');
}
