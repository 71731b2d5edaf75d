import { defineRippleShare } from './ripple-share.js';

// share.js, the one file a campaign embeds: `<script src="<Ripple>/app/share.js" async>`.
// document.currentScript is set only while a classic script first runs (async ones too), so the
// script's own URL, which says where Ripple is, is read now.
try {
  defineRippleShare(scriptSource());
} catch {
  // Never into the host page (a registry taken by another <ripple-share>, a locked-down document).
}

function scriptSource(): string | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.src) return current.src;
  return document.querySelector<HTMLScriptElement>('script[src*="/app/share.js"]')?.src ?? null;
}
