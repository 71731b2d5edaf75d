// The widget's styles, inside its shadow root: the host page's CSS cannot reach them, nor they
// the page. `theme` picks light (the default), dark, or the visitor's preference (auto).
const LIGHT = '--bg:#fff;--fg:#1b1d21;--muted:#5b6270;--line:#d9dde4;--hover:#f1f3f6;--accent:#1f5fd6;--on-accent:#fff';
const DARK = '--bg:#1d2026;--fg:#eef0f3;--muted:#a7aebb;--line:#3a3f49;--hover:#2a2e36;--accent:#7aa7ff;--on-accent:#0d1526';

export const WIDGET_CSS = `
:host{${LIGHT};display:inline-block;position:relative;font:14px/1.4 system-ui,sans-serif;color:var(--fg)}
:host([theme=dark]){${DARK}}
@media (prefers-color-scheme:dark){:host([theme=auto]){${DARK}}}
[hidden]{display:none!important}
button{font:inherit;color:inherit;cursor:pointer}
button:focus-visible,input:focus-visible,.panel:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.share{background:var(--accent);color:var(--on-accent);border:0;border-radius:999px;padding:.55em 1.3em;font-weight:600}
.panel{position:absolute;z-index:2147483000;top:calc(100% + 8px);left:0;width:18rem;box-sizing:border-box;padding:12px;
background:var(--bg);border:1px solid var(--line);border-radius:12px;box-shadow:0 8px 28px rgb(0 0 0/.18)}
.notice{margin:0 0 8px;color:var(--muted)}
.notice:empty,.status:empty{display:none}
.channels{display:grid;grid-template-columns:1fr 1fr;gap:6px}
.channels button{background:none;border:1px solid var(--line);border-radius:8px;padding:.45em .6em;text-align:left}
.channels button:hover:enabled{background:var(--hover)}
.channels button:disabled{opacity:.5;cursor:wait}
.link{display:block;width:100%;box-sizing:border-box;margin-top:8px;padding:.4em .5em;border:1px solid var(--line);border-radius:6px;
background:var(--hover);color:var(--fg);font:12px ui-monospace,monospace}
.status{margin:8px 0 0;font-weight:600;color:var(--accent)}
.qr{display:block;width:160px;height:160px;margin:10px auto 0;background:#fff;padding:6px;border-radius:6px}
`;
