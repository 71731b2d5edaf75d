import { escapeHtml } from './html.js';
import type { HttpResult } from '../http/event.js';

// The sample campaign page `npm start` serves at /app/demo, a landing page written the way a
// campaign would write one: the widget's one-line embed and a <ripple-share> element (README,
// "Embed the share button"), its own style sheet and its own script listening for the widget's
// event, as a campaign's analytics would. The local stack makes its content and seed link
// (infra/local/demo-campaign.ts); on AWS nothing serves it (RIPPLE_DEMO_PAGE is unset there).

/** Where the page lives under /app. */
export const DEMO_PAGE_PATH = 'demo';
export const DEMO_PAGE_TITLE = 'Spring sale \u2014 sample campaign page';

// A campaign page's own policy: scripts, styles, calls and images (the QR code) from Ripple only,
// which here is the page's own origin. The widget styles its shadow root with a constructed style
// sheet, which needs no 'unsafe-inline'.
export const DEMO_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SHARE_TEXT = 'Spring sale: 30% off everything for the trail';
const CHANNELS = 'native,whatsapp,x,facebook,linkedin,telegram,email,copy,qr';

/** The page (`demo`) or one of its files (`demo.css`, `demo.js`); undefined for any other path. */
export function demoPageFile(path: string, apiBase: string): HttpResult | undefined {
  if (path === DEMO_PAGE_PATH) return answer('text/html; charset=utf-8', demoPageHtml(apiBase));
  if (path === `${DEMO_PAGE_PATH}.css`) return answer('text/css; charset=utf-8', DEMO_CSS);
  if (path === `${DEMO_PAGE_PATH}.js`) return answer('text/javascript; charset=utf-8', DEMO_SCRIPT);
  return undefined;
}

const answer = (contentType: string, body: string): HttpResult => ({
  statusCode: 200,
  headers: {
    'content-type': contentType,
    'cache-control': 'no-cache',
    'content-security-policy': DEMO_PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
  },
  body,
});

/** `apiBase`: where Ripple lives on this origin ('' at the root, or an API Gateway stage path). */
export function demoPageHtml(apiBase: string): string {
  const app = `${escapeHtml(apiBase)}/app`;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    `<title>${DEMO_PAGE_TITLE}</title>`,
    // No icon to ask for: /favicon.ico would reach the redirect as an unknown link code.
    '<link rel="icon" href="data:,">',
    `<link rel="stylesheet" href="${app}/${DEMO_PAGE_PATH}.css">`,
    // The embed, exactly as the README gives it.
    `<script src="${app}/share.js" async></script>`,
    `<script src="${app}/${DEMO_PAGE_PATH}.js" defer></script>`,
    '</head>',
    '<body>',
    '<header class="bar"><span class="brand">Alder &amp; Pine</span><span class="tag">Outdoor gear since 1998</span></header>',
    '<main>',
    '<section class="hero">',
    '<p class="eyebrow">Spring sale \u00b7 this week only</p>',
    '<h1>30% off everything for the trail</h1>',
    '<p>Tents, packs and rain shells for the first warm weekends of the year. Every order ships free, and every friend you send here gets the same price.</p>',
    '</section>',
    '<section class="share" aria-labelledby="share-title">',
    '<h2 id="share-title">Tell a friend</h2>',
    '<p>Press Share for a link of your own. Whoever opens it and shares again passes on a link of theirs, and the campaign sees how far it went.</p>',
    `<ripple-share text="${escapeHtml(SHARE_TEXT)}" channels="${CHANNELS}"></ripple-share>`,
    '<div class="shares" hidden><h3>Shared from this page</h3><ol></ol></div>',
    '</section>',
    '<p class="note">Ripple\u2019s sample campaign page, served by <code>npm start</code> only. The Share button needs the <code>ref</code> the redirect adds: open the seed link <code>npm start</code> printed.</p>',
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}

// The page's own script: it listens for the widget's event as a campaign's analytics would.
const DEMO_SCRIPT = `document.addEventListener('ripple-share', function (event) {
  var shares = document.querySelector('.shares');
  var item = document.createElement('li');
  item.textContent = event.detail.channel + ': ' + event.detail.url;
  shares.querySelector('ol').append(item);
  shares.hidden = false;
});
`;

const DEMO_CSS = `*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1e2a22;background:#f6f4ee}
.bar{display:flex;align-items:baseline;gap:1rem;padding:1rem 2rem;background:#fff;border-bottom:1px solid #e2ded2}
.brand{font-weight:700;font-size:1.2rem;letter-spacing:.02em}
.tag{color:#6b7268;font-size:.9rem}
main{max-width:52rem;margin:0 auto;padding:1.5rem 2rem}
.hero{padding:2.5rem;border-radius:18px;color:#fff;background:linear-gradient(135deg,#2f6b4f 0%,#3f8a5f 45%,#e0a84f 100%)}
.eyebrow{margin:0;text-transform:uppercase;letter-spacing:.12em;font-size:.8rem;font-weight:600;opacity:.9}
.hero h1{margin:.4rem 0 .8rem;font-size:2.4rem;line-height:1.1}
.hero p{max-width:34rem;margin:0;font-size:1.1rem}
.share{margin-top:1.5rem;padding:1.5rem 2rem 2rem;background:#fff;border:1px solid #e2ded2;border-radius:14px}
.share h2{margin:0 0 .3rem}
.share p{margin:0 0 1.2rem;color:#4a5347}
.shares h3{margin:1.5rem 0 .3rem;font-size:1rem}
.shares ol{margin:0;padding-left:1.2rem;font:13px ui-monospace,monospace;word-break:break-all}
.note{margin-top:1.5rem;color:#6b7268;font-size:.9rem}
code{font:.9em ui-monospace,monospace}
`;
