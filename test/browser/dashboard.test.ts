import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { describeInChromium } from './support/describe-in-chromium.js';
import { type Dashboard, startDashboard, wholeCascade } from './support/dashboard.js';

// The marketer's dashboard in a real Chromium, against `npm start`'s stack holding the sample
// cascade (scripts/seed-cascade.ts): what a person does on each page, checked against what the API
// answers for the same request. One stack and one browser for the file; each flow in a fresh
// browser context. The last tests look back over every flow: the requests and the console.

describeInChromium('the dashboard in Chromium', () => {
  let dashboard: Dashboard;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    // Webhook targets on 127.0.0.1 (the receiver) are refused unless private targets are allowed.
    dashboard = await startDashboard({ env: { RIPPLE_ALLOW_PRIVATE_WEBHOOKS: '1' } });
  });
  afterAll(async () => {
    await dashboard?.close();
    await receiver?.close();
  });

  const main = () => dashboard.sample.main;
  const contentUrl = () => `${dashboard.stack.url}/app/contents/${main().contentId}`;
  const report = () => dashboard.api(`GET`, `/v1/contents/${main().contentId}/report`);

  /** Every report value a page shows (`[data-metric]` tiles), as the JSON the page was given. */
  const shownValues = (page: Page) =>
    page
      .locator('.tile[data-metric]')
      .evaluateAll((tiles) => tiles.map((tile) => [tile.getAttribute('data-metric') ?? '', tile.getAttribute('data-value') ?? ''] as const));

  describe('signing in', () => {
    it('signs in through the link npm start prints', async () => {
      const page = await dashboard.newPage('sign-in link');
      await page.goto(dashboard.signInUrl);
      await expect.poll(() => page.url()).toBe(`${dashboard.stack.url}/app`);
      expect(page.url()).not.toContain('#key=');
      const row = page.locator(`tr[data-content-id="${main().contentId}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain(main().title);
      // The row's headline numbers are its report's.
      await row.locator('td[data-metric][data-value]').first().waitFor();
      const expected = await report();
      for (const [metric, value] of await row
        .locator('td[data-metric]')
        .evaluateAll((cells) => cells.map((cell) => [cell.getAttribute('data-metric') ?? '', cell.getAttribute('data-value') ?? ''] as const))) {
        expect({ metric, value: JSON.parse(value) }).toEqual({ metric, value: expected[metric] });
      }
      await page.context().close();
    });

    it('is told when the key is not accepted', async () => {
      const page = await dashboard.newPage('wrong key', { expectsHttpErrors: true });
      await page.goto(`${dashboard.stack.url}/app`);
      await page.getByLabel('API key').fill('rpl_local_thisKeyWasNeverIssued0000000000');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByRole('alert').innerText()).toContain('not accepted');
      await expect.poll(() => page.getByLabel('API key').isVisible()).toBe(true);
      await page.context().close();
    });

    it('gets the page with a strict Content-Security-Policy and no inline script', async () => {
      const page = await dashboard.newPage('content security policy');
      const response = await page.goto(`${dashboard.stack.url}/app`);
      const headers = response?.headers() ?? {};
      const csp = (headers['content-security-policy'] ?? '').split(';').map((directive) => directive.trim());
      expect(csp).toEqual(
        expect.arrayContaining(["default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]),
      );
      expect(headers['content-security-policy']).not.toContain('unsafe-inline');
      expect(await page.locator('script:not([src])').count()).toBe(0);
      await page.context().close();
    });
  });

  describe('a content', () => {
    it('sees the report values the API returns', async () => {
      const page = await dashboard.signedInPage('content report');
      await page.goto(contentUrl());
      await page.locator('.tile[data-metric="kFactor"]').waitFor();
      const expected = await report();
      const shown = await shownValues(page);
      expect(shown.map(([metric]) => metric)).toEqual(
        expect.arrayContaining(['kFactor', 'amplification', 'seedReach', 'earnedReach', 'uniqueVisitors', 'clicks', 'conversions']),
      );
      for (const [metric, value] of shown) {
        expect({ metric, value: JSON.parse(value) }).toEqual({ metric, value: expected[metric] });
      }

      // Another K window is another request: the tile shows what the API answers for it.
      const all = await dashboard.api('GET', `/v1/contents/${main().contentId}/report?kWindow=all`);
      expect(all.kFactor).not.toBeNull();
      await page.getByLabel('K window').selectOption('all');
      const kTile = page.locator('.tile[data-metric="kFactor"]');
      await expect.poll(() => kTile.getAttribute('data-value')).toBe(JSON.stringify(all.kFactor));
      await page.context().close();
    });

    it('downloads a table as CSV', async () => {
      const page = await dashboard.signedInPage('csv download');
      await page.goto(contentUrl());
      const channels = page.locator('.table-block').filter({ has: page.getByRole('heading', { name: 'Channels', exact: true }) });
      await channels.locator('tbody tr').first().waitFor();
      const headers = await channels.locator('thead th').allInnerTexts();
      const [download] = await Promise.all([page.waitForEvent('download'), channels.getByRole('button', { name: 'Download CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const lines = (await readFile(await download.path(), 'utf8')).split('\r\n').filter(Boolean);
      expect(lines[0]).toBe(headers.map((header) => header.trim()).join(','));
      // One row per channel, in the API's order (ranked by how far its shares spread).
      const api = await report();
      expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(api.channels.map((row: { channel: string | null }) => row.channel ?? ''));
      await page.context().close();
    });

    it('shares a report that works signed out and stops after revoke', async () => {
      const owner = await dashboard.signedInPage('share: owner');
      await owner.goto(contentUrl());
      const panel = owner.getByRole('region', { name: 'Share read-only' });
      await panel.getByRole('button', { name: 'Create share link' }).click();
      const shareUrl = await panel.getByTestId('share-url').innerText();
      expect(shareUrl).toMatch(new RegExp(`^${dashboard.stack.url}/app/r/\\S+$`));

      // A stranger: a fresh browser context, no key anywhere.
      const stranger = await dashboard.newPage('share: signed out', { expectsHttpErrors: true });
      const opened = await stranger.goto(shareUrl);
      expect(opened?.status()).toBe(200);
      await stranger.locator('.tile[data-metric="clicks"]').waitFor();
      const expected = await report();
      const shown = Object.fromEntries(await shownValues(stranger));
      for (const metric of ['clicks', 'earnedReach', 'uniqueVisitors']) expect(JSON.parse(shown[metric] ?? 'undefined')).toEqual(expected[metric]);
      expect(await stranger.getByRole('button', { name: 'Create share link' }).count()).toBe(0);
      // …and the cascade tree, whole.
      const canvas = stranger.locator('canvas[data-testid="cascade-canvas"][data-drawn="true"]');
      await canvas.waitFor();
      expect(Number(await canvas.getAttribute('data-node-count'))).toBe(Object.keys(main().codes).length);

      await panel.getByRole('button', { name: 'Revoke' }).first().click();
      await expect.poll(() => dashboard.api('GET', `/v1/contents/${main().contentId}/shares`).then((listed) => listed.items.length)).toBe(0);
      const reloaded = await stranger.reload();
      expect(reloaded?.status()).toBe(404);
      await owner.context().close();
      await stranger.context().close();
    });

    it('shows a retry banner when the API is unavailable, and the page after Retry', async () => {
      const page = await dashboard.signedInPage('API unavailable', { expectsHttpErrors: true });
      // What the API answers when its store is unavailable, message and all (written for programs).
      const unavailable = JSON.stringify({ error: { code: 'unavailable', message: 'The data store is unavailable; retry shortly' } });
      await page.route('**/v1/**', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: unavailable }));
      await page.goto(`${dashboard.stack.url}/app`);
      const banner = page.getByRole('alert').filter({ hasText: 'trying again' }).first();
      await banner.waitFor();
      expect(await banner.locator('span').innerText()).toBe('Ripple is briefly unavailable. It is worth trying again in a moment.');
      expect(await page.locator(`tr[data-content-id="${main().contentId}"]`).count()).toBe(0);

      await page.unroute('**/v1/**');
      await banner.getByRole('button', { name: 'Retry' }).click();
      await page.locator(`tr[data-content-id="${main().contentId}"]`).waitFor();
      await page.context().close();
    });
  });

  describe('the cascade tree', () => {
    it('sees the whole cascade in the tree', async () => {
      const page = await dashboard.signedInPage('cascade tree');
      await page.goto(`${contentUrl()}/tree`);
      const canvas = page.locator('canvas[data-testid="cascade-canvas"][data-drawn="true"]');
      await canvas.waitFor();
      const nodes = await wholeCascade(dashboard.stack, main().contentId);
      expect(nodes.length).toBe(Object.keys(main().codes).length);
      expect(Number(await canvas.getAttribute('data-node-count'))).toBe(nodes.length);

      // Hovering the first node shows who shared it.
      const [x, y] = ((await canvas.getAttribute('data-first-node')) ?? '').split(',').map(Number);
      const box = await canvas.boundingBox();
      if (!box || x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y)) throw new Error('the canvas gives no first node position');
      await page.mouse.move(box.x + x, box.y + y);
      const tooltip = page.getByRole('tooltip');
      await expect.poll(() => tooltip.innerText().catch(() => '')).toContain(nodes[0]?.sharer ?? '(none)');
      await page.context().close();
    });
  });

  describe('webhooks', () => {
    it('subscribes a webhook and sends a test', async () => {
      const page = await dashboard.signedInPage('webhooks');
      await page.goto(`${dashboard.stack.url}/app/webhooks`);
      const endpoint = receiver.url('/dashboard-test');
      const form = page.getByRole('form', { name: 'Subscribe a webhook' });
      await form.getByLabel('Endpoint URL').fill(endpoint);
      await form.getByLabel('Metric').selectOption('clicks');
      await form.getByLabel('Threshold (≥)').fill('1000');
      await form.getByRole('button', { name: 'Subscribe' }).click();

      // The secret, shown once.
      const secret = await page.locator('.signing-secret code.secret').innerText();
      expect(secret).toMatch(/^whsec_/);
      const item = page.locator('li.webhook').filter({ hasText: endpoint });
      await item.getByRole('button', { name: 'Send test' }).click();
      const outcome = item.locator('[data-outcome]');
      await expect.poll(() => outcome.getAttribute('data-outcome')).toBe('delivered');
      expect(await outcome.innerText()).toContain('delivered');

      const signed = receiver.verified(secret, '/dashboard-test');
      expect(signed).toHaveLength(1);
      expect(signed[0]?.payload).toMatchObject({ type: expect.any(String) });

      // Once: the page kept the secret nowhere, and the API never answers it again.
      await page.reload();
      await item.waitFor();
      expect(await page.locator('code.secret').count()).toBe(0);
      expect(await page.content()).not.toContain(secret);
      await page.context().close();
    });
  });

  describe('the API reference', () => {
    it('opens the API reference from the nav and finds an operation with its answers', async () => {
      const page = await dashboard.signedInPage('API reference');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API' }).click();
      await expect.poll(() => page.url()).toBe(`${dashboard.stack.url}/app/api`);
      const create = page.locator('article.operation[data-operation-id="createContent"]');
      await create.waitFor();
      expect([await create.locator('h3 .method').innerText(), await create.locator('h3 .path').innerText()]).toEqual(['POST', '/v1/contents']);
      expect(await create.locator('.summary').innerText()).toBe('Register a content');
      await create.locator('.answer[data-status="400"] > summary').click();
      await expect.poll(() => create.locator('.answer[data-status="400"] figcaption').allInnerTexts()).toEqual(['validation_error', 'invalid_json']);
      // Every route of the document the stack serves is on the page.
      const served = (await (await fetch(`${dashboard.stack.url}/v1/openapi.json`)).json()) as { paths: Record<string, object> };
      const operations = Object.values(served.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);
      expect(await page.locator('section.tag:not(#webhooks) article.operation').count()).toBe(operations);
      await page.context().close();
    });

    it('reads it without a key, from the sign-in page', async () => {
      const page = await dashboard.newPage('API reference, signed out');
      await page.goto(`${dashboard.stack.url}/app`);
      await page.getByRole('link', { name: 'API reference' }).click();
      await page.locator('#webhooks article.operation').first().waitFor();
      expect(await page.locator('#webhooks .path').allInnerTexts()).toEqual(['content.threshold_crossed', 'webhook.test']);
      expect(await page.getByLabel('API key').count()).toBe(0);
      await page.context().close();
    });
  });

  describe('over every flow above', () => {
    it('makes no request to any host but the stack', () => {
      const flows = new Set(dashboard.requests.map((request) => request.flow));
      expect(flows.size).toBeGreaterThanOrEqual(8);
      const elsewhere = dashboard.requests.filter(({ url }) => !/^(data|blob):/.test(url) && new URL(url).origin !== dashboard.origin);
      expect(elsewhere).toEqual([]);
    });

    it('sends the API key in no URL: only in the Authorization header', () => {
      const key = dashboard.stack.apiKey;
      // What reaches a server is the URL without its fragment (where the sign-in link carries the key).
      const sent = dashboard.requests.map((request) => ({ ...request, url: request.url.split('#')[0] ?? '' }));
      const carrying = sent.filter(({ url }) => url.includes(key) || url.includes(encodeURIComponent(key)));
      expect(carrying).toEqual([]);
      // Not vacuous: the flows did send the key, in its header.
      expect(sent.filter((request) => request.authorization === `Bearer ${key}`).length).toBeGreaterThan(10);
    });

    it('logs no console error and throws no uncaught error', () => {
      expect(dashboard.problems).toEqual([]);
    });
  });
});
