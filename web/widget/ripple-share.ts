import type { ShareChannel } from '../../shared/domain/arrival-channel.js';
import { childMemory, type SharedLink } from './child-memory.js';
import { guarded } from './guard.js';
import { makeMinter, type Minter, type MintState } from './minter.js';
import { apiBase, channelsToShow } from './options.js';
import { parentCode } from './parent-code.js';
import { markedUrl, qrImageUrl, shareTarget } from './share-urls.js';
import { WIDGET_CSS } from './styles.js';

// <ripple-share>: a Share button and its panel, in a shadow root. The logic lives in the modules
// it imports; this element wires them to the DOM. Buttons in the panel act synchronously on the
// link minted when Share was first pressed or focused: iOS drops navigator.share (and browsers
// block window.open) when anything is awaited between the tap and the call.

export const ELEMENT_NAME = 'ripple-share';
/** Dispatched on the element when a visitor shares, for the host page's own analytics. */
export const SHARE_EVENT = 'ripple-share';

export interface ShareEventDetail {
  channel: ShareChannel;
  url: string;
  /** The link shared: the visitor's child, or the parent when minting failed. */
  code: string;
  parent: string;
}

export const MESSAGES = {
  preparing: 'Preparing your link…',
  fallback: "Couldn't make your own link just now; sharing the page's link instead",
  copied: 'Copied',
  copyFailed: "Couldn't copy: select the link below",
};

const LABELS: Record<ShareChannel, string> = {
  native: 'Share via…',
  whatsapp: 'WhatsApp',
  x: 'X',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  telegram: 'Telegram',
  email: 'E-mail',
  copy: 'Copy link',
  qr: 'QR code',
};

const TEMPLATE =
  '<button class="share" type="button" aria-haspopup="dialog" aria-expanded="false" aria-controls="panel">Share</button>' +
  '<div class="panel" id="panel" role="dialog" aria-label="Share this page" tabindex="-1" hidden>' +
  '<p class="notice" aria-live="polite"></p><div class="channels"></div>' +
  '<input class="link" readonly aria-label="Your link" hidden>' +
  '<p class="status" role="status" aria-live="polite"></p>' +
  '<img class="qr" alt="QR code of your link" hidden></div>';

const STATUS_SECONDS = 4;

let loadedFrom: string | null = null;

class RippleShareElement extends HTMLElement {
  static observedAttributes = ['channels'];
  readonly #root = this.attachShadow({ mode: 'open' });
  #api: string | null = null;
  #parent: string | null = null;
  #minter: Minter | undefined;
  #statusTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    adoptStyles(this.#root);
    this.#root.innerHTML += TEMPLATE;
    const share = this.#part('.share');
    share.addEventListener(
      'pointerdown',
      guarded(() => void this.#prepare()),
    );
    share.addEventListener(
      'focus',
      guarded(() => void this.#prepare()),
    );
    share.addEventListener(
      'click',
      guarded(() => (this.#part('.panel').hidden ? this.#open() : this.#close(false))),
    );
    this.addEventListener(
      'keydown',
      guarded((event: KeyboardEvent) => event.key === 'Escape' && this.#close(true)),
    );
    this.#part('.channels').addEventListener(
      'click',
      guarded((event) => this.#onChannel(event)),
    );
  }

  connectedCallback() {
    this.#api = apiBase(this.getAttribute('api'), loadedFrom);
    this.#parent = parentCode(location.search, this.getAttribute('ref-param') ?? 'ref', this.getAttribute('fallback-code'));
    // No link to pass on (no ref, no valid fallback-code): no button rather than one that fails.
    this.#part('.share').hidden = this.#api === null || this.#parent === null;
    this.#renderChannels();
    document.addEventListener('pointerdown', this.#onOutside);
  }

  disconnectedCallback() {
    document.removeEventListener('pointerdown', this.#onOutside);
  }

  attributeChangedCallback() {
    try {
      if (this.isConnected) this.#renderChannels();
    } catch {
      // As every listener (guard.ts): nothing into the host page.
    }
  }

  readonly #onOutside = guarded((event: Event) => {
    if (!event.composedPath().includes(this)) this.#close(false);
  });

  #part<T extends HTMLElement = HTMLElement>(selector: string): T {
    return this.#root.querySelector(selector) as T;
  }

  #buttons(): HTMLButtonElement[] {
    return [...this.#root.querySelectorAll<HTMLButtonElement>('.channels button')];
  }

  #renderChannels() {
    const buttons = channelsToShow(this.getAttribute('channels'), typeof navigator.share === 'function').map((channel) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.channel = channel;
      button.textContent = LABELS[channel];
      return button;
    });
    this.#part('.channels').replaceChildren(...buttons);
    this.#show(this.#minter?.state ?? { kind: 'idle' });
  }

  /** Starts minting the visitor's link (once; remembered links need no request). */
  #prepare(): Promise<MintState> | undefined {
    const api = this.#api;
    const parent = this.#parent;
    if (api === null || parent === null) return undefined;
    this.#minter ??= makeMinter({
      api,
      parent,
      memory: childMemory(() => localStorage, api, parent),
      fetch: (input, init) => fetch(input, init),
      onChange: (state) => this.#show(state),
    });
    return this.#minter.start();
  }

  #open() {
    void this.#prepare();
    this.#part('.panel').hidden = false;
    this.#part('.share').setAttribute('aria-expanded', 'true');
    this.#focusInside();
  }

  #close(returnFocus: boolean) {
    const panel = this.#part('.panel');
    if (panel.hidden) return;
    panel.hidden = true;
    this.#part('.share').setAttribute('aria-expanded', 'false');
    if (returnFocus) this.#part('.share').focus();
  }

  // The first usable button, or the panel itself while the link is being prepared.
  #focusInside() {
    (this.#buttons().find((button) => !button.disabled) ?? this.#part('.panel')).focus();
  }

  #show(state: MintState) {
    const ready = state.kind === 'ready' ? state : undefined;
    for (const button of this.#buttons()) button.disabled = !ready;
    this.#part('.notice').textContent = state.kind === 'minting' ? MESSAGES.preparing : ready?.fallback ? MESSAGES.fallback : '';
    const link = this.#part<HTMLInputElement>('.link');
    link.hidden = !ready;
    link.value = ready ? markedUrl(ready.link.shortUrl, 'copy') : '';
    if (ready && this.#root.activeElement === this.#part('.panel')) this.#focusInside();
  }

  #onChannel(event: Event) {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-channel]');
    const state = this.#minter?.state;
    if (button && state?.kind === 'ready') this.#share(button.dataset.channel as ShareChannel, state.link);
  }

  // Everything up to the share itself is synchronous (see the note at the top).
  #share(channel: ShareChannel, link: SharedLink) {
    const url = markedUrl(link.shortUrl, channel);
    const text = this.getAttribute('text') ?? document.title;
    const shared = () => this.#emit({ channel, url, code: link.code, parent: this.#parent ?? link.code });
    if (channel === 'native') {
      navigator.share({ url, text }).then(shared, () => undefined); // the visitor may close the sheet
    } else if (channel === 'copy') {
      this.#copy(url, shared);
    } else if (channel === 'qr') {
      const image = this.#part<HTMLImageElement>('.qr');
      image.src = qrImageUrl(this.#api ?? '', link.code);
      image.hidden = false;
      shared();
    } else {
      // Navigations the visitor asked for: their mail program, or the network's share page in a
      // new tab that cannot reach back into this one.
      const target = shareTarget(channel, url, text) ?? '';
      if (channel === 'email') window.open(target, '_self');
      else window.open(target, '_blank', 'noopener');
      shared();
    }
  }

  #copy(url: string, shared: () => void) {
    const written = navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject(new Error('no clipboard'));
    written
      .then(
        () => {
          this.#say(MESSAGES.copied);
          shared();
        },
        () => {
          this.#say(MESSAGES.copyFailed);
          this.#part<HTMLInputElement>('.link').select();
        },
      )
      .catch(() => undefined);
  }

  #say(message: string) {
    const status = this.#part('.status');
    status.textContent = message;
    clearTimeout(this.#statusTimer);
    this.#statusTimer = setTimeout(() => (status.textContent = ''), STATUS_SECONDS * 1000);
  }

  #emit(detail: ShareEventDetail) {
    this.dispatchEvent(new CustomEvent(SHARE_EVENT, { bubbles: true, composed: true, detail }));
  }
}

/** Registers <ripple-share> (once), remembering the URL the script was loaded from. */
export function defineRippleShare(scriptSrc: string | null, registry: CustomElementRegistry = customElements): void {
  loadedFrom = scriptSrc;
  if (!registry.get(ELEMENT_NAME)) registry.define(ELEMENT_NAME, RippleShareElement);
}

// A constructed style sheet, not a <style> element: a host page whose Content-Security-Policy
// forbids inline styles still styles the button. Browsers without constructable sheets get the
// <style> element (styled unless such a policy forbids it).
function adoptStyles(root: ShadowRoot): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(WIDGET_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.innerHTML = `<style>${WIDGET_CSS}</style>`;
  }
}
