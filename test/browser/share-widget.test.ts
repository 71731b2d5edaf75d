import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchRoute } from '../../infra/local/route-matcher.js';
import { routeKey, routes } from '../../shared/topology.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';
import { launchChromium } from './support/chromium.js';
import { aggregateUntilDone, apiCall } from './support/dashboard.js';
import { describeInChromium } from './support/describe-in-chromium.js';

// The share button in a real Chromium, on the sample campaign page `npm start` serves: visitors
// in browser contexts of their own (their own cookies and storage) follow links, press Share and
// copy their link, and the report and the cascade tree then show who shared from whose link.
// Every request a page makes and every error it logs is recorded, and checked at the end.

interface Recorded {
  flow: string;
  method: string;
  url: string;
  authorization?: string;
}

interface CascadeNode {
  code: string;
  parent: string | null;
  generation: number;
  children: string[];
}

const CHILD_LINK = /^(http:\/\/[^/]+)\/([0-9A-Za-z]{10})\?via=copy$/;

describeInChromium('the share button in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;
  let origin: string;
  let chromeVersion: string;
  /** The seed link `npm start` printed, and its code. */
  let sampleLink: string;
  let seed: string;
  const contexts: BrowserContext[] = [];
  const requests: Recorded[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
    browser = await launchChromium();
    origin = new URL(stack.url).origin;
    chromeVersion = browser.version();
    const printed = /Sample page:\s+(\S+\/([0-9A-Za-z]{10}))\s/.exec(stack.output());
    if (!printed) throw new Error(`npm start printed no sample page link:\n${stack.output()}`);
    [, sampleLink = '', seed = ''] = printed;
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await stack?.stop();
  });

  /**
   * A visitor: a fresh browser context that may use the clipboard on the stack's origin. Its user
   * agent is Chromium's without "Headless" (which the redirect rightly counts as a bot) on a
   * `platform` of its own: visitors here share one address, and a first visit's visitor id is a
   * salted hash of address and user agent (shared/http/visitor-identity.ts). `offlineErrors` admits
   * the console error Chromium logs for a request the network refused.
   */
  async function visitor(flow: string, platform: string, options: { offlineErrors?: boolean } = {}): Promise<Page> {
    const userAgent = `Mozilla/5.0 (${platform}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${chromeVersion} Safari/537.36`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, userAgent });
    contexts.push(context);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    context.setDefaultTimeout(60_000);
    context.on('request', (request) => {
      const authorization = request.headers().authorization;
      requests.push({ flow, method: request.method(), url: request.url(), ...(authorization ? { authorization } : {}) });
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${flow}: uncaught error at ${page.url()}: ${error.stack ?? error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      if (options.offlineErrors && /^Failed to load resource: net::ERR_/.test(message.text())) return;
      problems.push(`${flow}: console error at ${page.url()}: ${message.text()}`);
    });
    return page;
  }

  const widget = (page: Page) => page.locator('ripple-share');
  const shareButton = (page: Page) => widget(page).getByRole('button', { name: 'Share', exact: true });
  const yourLink = (page: Page) => widget(page).getByRole('textbox', { name: 'Your link' });
  const reshareCalls = (flow: string, parent: string) =>
    requests.filter((request) => request.flow === flow && request.method === 'POST' && request.url === `${origin}/v1/links/${parent}/reshare`);

  /** Presses Share and waits until the panel holds a ready link; returns that link (with `?via=copy`). */
  async function pressShare(page: Page): Promise<string> {
    await shareButton(page).click();
    await expect.poll(() => widget(page).getByRole('button', { name: 'Copy link' }).isEnabled()).toBe(true);
    return yourLink(page).inputValue();
  }

  /** Copy link, then what the clipboard holds once the widget says it copied. */
  async function copyLink(page: Page): Promise<string> {
    await widget(page).getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => widget(page).getByRole('status').innerText()).toBe('Copied');
    return String(await page.evaluate('navigator.clipboard.readText()'));
  }

  /** Each link of the demo content with its children, after an aggregation. */
  async function cascadeOf(contentId: string): Promise<Map<string, CascadeNode>> {
    const { nodes } = await apiCall<{ nodes: CascadeNode[] }>(stack, 'GET', `/v1/contents/${contentId}/cascade?limit=5000`);
    return new Map(nodes.map((node) => [node.code, node]));
  }

  describe('two visitors, one sharing after the other', () => {
    it('grows the cascade by one link per sharer, however often each pressed Share, and reports the arrivals by copied link', async () => {
      const contentId = (await apiCall<{ contentId: string }>(stack, 'GET', `/v1/links/${seed}`)).contentId;

      // Visitor 1 follows the seed link, presses Share (twice: the second closes the panel, a
      // third opens it again), and copies their link.
      const first = await visitor('visitor 1', 'X11; Linux x86_64');
      await first.goto(sampleLink);
      expect(first.url()).toBe(`${origin}/app/demo?ref=${seed}`);
      // Styled under the page's strict CSP (no 'unsafe-inline'): a round button, not the browser's.
      const radius = (button: unknown) =>
        (globalThis as unknown as { getComputedStyle(element: unknown): { borderTopLeftRadius: string } }).getComputedStyle(button).borderTopLeftRadius;
      expect(await shareButton(first).evaluate(radius)).toBe('999px');
      const firstLink = await pressShare(first);
      await shareButton(first).click();
      await shareButton(first).click();
      const copiedByFirst = await copyLink(first);
      expect(copiedByFirst).toBe(firstLink);
      const [, firstHost, firstChild = ''] = CHILD_LINK.exec(copiedByFirst) ?? [];
      expect(firstHost).toBe(origin);
      expect(firstChild).not.toBe(seed);
      expect(reshareCalls('visitor 1', seed)).toHaveLength(1);
      // The page's own script heard the widget's event (as a campaign's analytics would).
      await expect.poll(() => first.locator('.shares li').allInnerTexts()).toEqual([`copy: ${copiedByFirst}`]);

      // The same visitor with the page's memory wiped: the stack still knows them by their cookie.
      await first.evaluate('localStorage.clear()');
      await first.reload();
      expect(await pressShare(first)).toBe(copiedByFirst);
      expect(reshareCalls('visitor 1', seed)).toHaveLength(2);

      // Visitor 2 opens the copied link, lands with visitor 1's code as ref, and shares on.
      const second = await visitor('visitor 2', 'Macintosh; Intel Mac OS X 10_15_7');
      await second.goto(copiedByFirst);
      expect(second.url()).toBe(`${origin}/app/demo?ref=${firstChild}`);
      await pressShare(second);
      await shareButton(second).click();
      await shareButton(second).click();
      const copiedBySecond = await copyLink(second);
      const [, , secondChild = ''] = CHILD_LINK.exec(copiedBySecond) ?? [];
      expect([seed, firstChild]).not.toContain(secondChild);
      expect(reshareCalls('visitor 2', firstChild)).toHaveLength(1);

      await aggregateUntilDone(stack.url);
      const report = await apiCall(stack, 'GET', `/v1/contents/${contentId}/report?kWindow=all`);
      expect(report).toMatchObject({ links: 3, seedLinks: 1, reshares: 2, generationSizes: [1, 1, 1], clicks: 2, uniqueVisitors: 2 });
      // Visitor 1 came straight through the seed link; visitor 2 through a copied one, and shared on.
      expect(report.arrivals).toEqual(
        expect.arrayContaining([
          { channel: 'direct', clicks: 1, uniqueVisitors: 1, reshares: 1 },
          { channel: 'copy', clicks: 1, uniqueVisitors: 1, reshares: 1 },
        ]),
      );
      const cascade = await cascadeOf(contentId);
      expect(cascade.get(seed)).toMatchObject({ generation: 0, children: [firstChild] });
      expect(cascade.get(firstChild)).toMatchObject({ generation: 1, parent: seed, children: [secondChild] });
      expect(cascade.get(secondChild)).toMatchObject({ generation: 2, parent: firstChild, children: [] });
    });
  });

  describe('without a network', () => {
    it('falls back to the page’s own link when the network is cut before Share is pressed, and says so', async () => {
      const page = await visitor('offline', 'Windows NT 10.0; Win64; x64', { offlineErrors: true });
      await page.goto(`${origin}/app/demo?ref=${seed}`);
      await shareButton(page).waitFor();
      await page.context().setOffline(true);

      expect(await pressShare(page)).toBe(`${origin}/${seed}?via=copy`);
      expect(await widget(page).getByText("Couldn't make your own link just now").isVisible()).toBe(true);
      expect(reshareCalls('offline', seed)).toHaveLength(1);
      await page.context().setOffline(false);
    });
  });

  describe('across every flow', () => {
    it('made no request to any host but the stack', () => {
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.filter((request) => new URL(request.url).origin !== origin)).toEqual([]);
    });

    it('called only public routes of the table, and never with a key', () => {
      const publicRoutes = new Set(routes.filter((route) => route.auth === 'public').map(routeKey));
      const own = requests.filter((request) => new URL(request.url).origin === origin);
      expect(own.length).toBeGreaterThan(0);
      expect(own.filter((request) => !publicRoutes.has(matchRoute(request.method, new URL(request.url).pathname).routeKey))).toEqual([]);
      expect(own.filter((request) => request.authorization !== undefined)).toEqual([]);
    });

    it('logged no error and threw nothing into the page', () => {
      expect(problems).toEqual([]);
    });
  });
});
