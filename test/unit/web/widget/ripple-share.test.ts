import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { childMemoryKey } from '../../../../web/widget/child-memory.js';
import { defineRippleShare, MESSAGES, SHARE_EVENT, type ShareEventDetail } from '../../../../web/widget/ripple-share.js';

// <ripple-share> in happy-dom, as a campaign page embeds it: loaded from Ripple's /app/share.js,
// on a page the redirect opened with ?ref=<parent>.
const API = 'https://ripple.example';
const PARENT = 'Parent1234';
const CHILD = { code: 'Ch1ldC0de9', shortUrl: `${API}/Ch1ldC0de9` };

beforeAll(() => defineRippleShare(`${API}/app/share.js`));

let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;
beforeEach(() => {
  localStorage.clear();
  history.replaceState(null, '', `/campaign?ref=${PARENT}`);
  fetchMock = vi.fn<typeof fetch>(async () => new Response(JSON.stringify({ ...CHILD, parent: PARENT }), { status: 201 }));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

function mount(attributes: Record<string, string> = {}) {
  const element = document.createElement('ripple-share');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  const root = element.shadowRoot as ShadowRoot;
  const find = <T extends HTMLElement>(selector: string) => root.querySelector(selector) as T;
  const share = find<HTMLButtonElement>('button.share');
  return {
    element,
    root,
    share,
    panel: find('[role="dialog"]'),
    notice: find('.notice'),
    status: find('[role="status"]'),
    button: (channel: string) => find<HTMLButtonElement>(`button[data-channel="${channel}"]`),
    /** A press of Share as a pointer makes it: pointerdown, then click. */
    press: () => {
      share.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }));
      share.click();
    },
  };
}

const ready = async (widget: ReturnType<typeof mount>, channel = 'copy') => vi.waitFor(() => expect(widget.button(channel).disabled).toBe(false));
const shares = () => {
  const seen: ShareEventDetail[] = [];
  document.addEventListener(SHARE_EVENT, (event) => seen.push((event as CustomEvent<ShareEventDetail>).detail));
  return seen;
};

describe('on page load', () => {
  it('asks Ripple for nothing', async () => {
    const widget = mount();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(widget.share.tagName).toBe('BUTTON');
    expect(widget.share.getAttribute('aria-expanded')).toBe('false');
    expect(widget.panel.hidden).toBe(true);
  });

  it('shows no Share button when the page has no valid parent code and none to fall back to', () => {
    history.replaceState(null, '', '/campaign?ref=not-a-code');
    const widget = mount();
    expect(widget.share.hidden).toBe(true);
    widget.press();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('pressing Share', () => {
  it("mints the visitor's link from the page's ref exactly once, however quickly it is pressed again", async () => {
    const widget = mount();
    widget.press();
    widget.press();
    widget.share.focus();
    widget.press();
    await ready(widget);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe(`${API}/v1/links/${PARENT}/reshare`);
    expect(init).toMatchObject({ method: 'POST', credentials: 'include', body: '{}' });
  });

  it('mints when the Share button receives keyboard focus, before it is pressed', async () => {
    const widget = mount();
    widget.share.focus();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(widget.panel.hidden).toBe(true);
  });

  it('reads the parent from a custom ref-param, or the fallback code without one', () => {
    history.replaceState(null, '', '/campaign?src=SrcCode123&ref=Ignored123');
    mount({ 'ref-param': 'src' }).press();
    history.replaceState(null, '', '/campaign?ref=bad!');
    mount({ 'fallback-code': 'Fallback12' }).press();
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([`${API}/v1/links/SrcCode123/reshare`, `${API}/v1/links/Fallback12/reshare`]);
  });

  it('opens the panel saying the link is being prepared, its buttons waiting for it', async () => {
    let answer: (response: Response) => void = () => undefined;
    fetchMock.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const widget = mount();
    widget.press();
    expect(widget.panel.hidden).toBe(false);
    expect(widget.share.getAttribute('aria-expanded')).toBe('true');
    expect(widget.notice.textContent).toBe(MESSAGES.preparing);
    expect(widget.notice.getAttribute('aria-live')).toBe('polite');
    expect(widget.button('copy').disabled).toBe(true);

    answer(new Response(JSON.stringify(CHILD), { status: 201 }));
    await ready(widget);
    expect(widget.notice.textContent).toBe('');
  });

  it('remembers the child, so the next page view shares it without a request', async () => {
    const first = mount();
    first.press();
    await ready(first);
    expect(JSON.parse(localStorage.getItem(childMemoryKey(API, PARENT)) ?? '')).toEqual(CHILD);
    document.body.replaceChildren();

    const clipboard = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const reload = mount();
    reload.press();
    expect(reload.button('copy').disabled).toBe(false);
    reload.button('copy').click();
    expect(clipboard).toHaveBeenCalledWith(`${CHILD.shortUrl}?via=copy`);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('works on when the browser refuses storage', async () => {
    const refuse = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    vi.stubGlobal('localStorage', { getItem: refuse, setItem: refuse, removeItem: refuse, clear: refuse });
    const widget = mount();
    widget.press();
    await ready(widget);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(widget.notice.textContent).toBe('');
  });
});

describe('the panel', () => {
  it('shows the channels the attribute lists, in its order', () => {
    const widget = mount({ channels: 'copy,whatsapp,myspace,x' });
    expect([...widget.root.querySelectorAll<HTMLButtonElement>('.channels button')].map((button) => button.dataset.channel)).toEqual(['copy', 'whatsapp', 'x']);
  });

  it("opens each network's share page with the link marked for that channel", async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const widget = mount({ text: 'Look at this' });
    widget.press();
    await ready(widget);
    widget.button('whatsapp').click();
    widget.button('x').click();
    expect(open.mock.calls).toEqual([
      [`https://wa.me/?text=${encodeURIComponent(`Look at this ${CHILD.shortUrl}?via=whatsapp`).replaceAll('%20', '+')}`, '_blank', 'noopener'],
      [`https://twitter.com/intent/tweet?url=${encodeURIComponent(`${CHILD.shortUrl}?via=x`)}&text=Look+at+this`, '_blank', 'noopener'],
    ]);
  });

  it("opens the visitor's mail program with the link marked for e-mail", async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const widget = mount({ text: 'Look at this' });
    widget.press();
    await ready(widget);
    widget.button('email').click();
    expect(open).toHaveBeenCalledWith(`mailto:?subject=Look%20at%20this&body=${encodeURIComponent(`Look at this\n\n${CHILD.shortUrl}?via=email`)}`, '_self');
  });

  it('hands the native share sheet the marked link where the browser has one', async () => {
    const share = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'share', { value: share, configurable: true });
    try {
      const widget = mount({ text: 'Look at this' });
      const seen = shares();
      widget.press();
      await ready(widget, 'native');
      widget.button('native').click();
      expect(share).toHaveBeenCalledWith({ url: `${CHILD.shortUrl}?via=native`, text: 'Look at this' });
      await vi.waitFor(() => expect(seen.map((detail) => detail.channel)).toEqual(['native']));
    } finally {
      Reflect.deleteProperty(navigator, 'share');
    }
  });

  it('copies the link marked for copy and announces "Copied"', async () => {
    const clipboard = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const widget = mount();
    widget.press();
    await ready(widget);
    widget.button('copy').click();
    expect(clipboard).toHaveBeenCalledWith(`${CHILD.shortUrl}?via=copy`);
    await vi.waitFor(() => expect(widget.status.textContent).toBe(MESSAGES.copied));
    expect(widget.status.getAttribute('aria-live')).toBe('polite');
  });

  it("shows the link's QR code from Ripple", async () => {
    const widget = mount();
    widget.press();
    await ready(widget);
    widget.button('qr').click();
    const image = widget.root.querySelector<HTMLImageElement>('img.qr');
    expect(image?.hidden).toBe(false);
    expect(image?.getAttribute('src')).toBe(`${API}/v1/links/${CHILD.code}/qr.svg`);
  });

  it('closes on Escape and gives focus back to Share', async () => {
    localStorage.setItem(childMemoryKey(API, PARENT), JSON.stringify(CHILD));
    const widget = mount();
    widget.press();
    const first = widget.root.querySelector<HTMLButtonElement>('.channels button');
    expect(widget.root.activeElement).toBe(first);
    first?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(widget.panel.hidden).toBe(true);
    expect(widget.share.getAttribute('aria-expanded')).toBe('false');
    expect(widget.root.activeElement).toBe(widget.share);
  });
});

describe('when Ripple cannot mint the link', () => {
  const failures: [string, () => Promise<Response>][] = [
    ['a 429', async () => new Response('{"error":{"code":"rate_limited"}}', { status: 429 })],
    ['a network error', async () => Promise.reject(new TypeError('Failed to fetch'))],
  ];
  for (const [what, failure] of failures) {
    it(`shares the page's link instead after ${what}, and says so`, async () => {
      fetchMock.mockImplementationOnce(failure);
      const clipboard = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
      const widget = mount();
      const seen = shares();
      widget.press();
      await ready(widget);
      expect(widget.notice.textContent).toBe(MESSAGES.fallback);
      widget.button('copy').click();
      expect(clipboard).toHaveBeenCalledWith(`${API}/${PARENT}?via=copy`);
      await vi.waitFor(() => expect(seen).toEqual([{ channel: 'copy', url: `${API}/${PARENT}?via=copy`, code: PARENT, parent: PARENT }]));
      expect(localStorage.getItem(childMemoryKey(API, PARENT))).toBeNull();
    });
  }
});

describe('the ripple-share event', () => {
  it('tells the host page which channel, URL, link and parent a share used, through the shadow boundary', async () => {
    vi.spyOn(window, 'open').mockReturnValue(null);
    const widget = mount();
    const events: CustomEvent[] = [];
    document.addEventListener(SHARE_EVENT, (event) => events.push(event as CustomEvent));
    widget.press();
    await ready(widget);
    widget.button('linkedin').click();
    expect(events).toHaveLength(1);
    expect(events[0]?.target).toBe(widget.element);
    expect(events[0]).toMatchObject({ bubbles: true, composed: true });
    expect(events[0]?.detail).toEqual({ channel: 'linkedin', url: `${CHILD.shortUrl}?via=linkedin`, code: CHILD.code, parent: PARENT });
  });

  it('is not sent when the visitor closes the native share sheet, and nothing throws', async () => {
    const share = vi.fn(async () => Promise.reject(new DOMException('Share canceled', 'AbortError')));
    Object.defineProperty(navigator, 'share', { value: share, configurable: true });
    try {
      const widget = mount();
      const seen = shares();
      widget.press();
      await ready(widget, 'native');
      widget.button('native').click();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(share).toHaveBeenCalledTimes(1);
      expect(seen).toEqual([]);
    } finally {
      Reflect.deleteProperty(navigator, 'share');
    }
  });
});
