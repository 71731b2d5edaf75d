// npm run screenshots — the dashboard's main pages, captured in headless Chromium at 1280×800
// into docs/img/*.png (overwritten) for the README: a local stack on a temporary data folder, the
// sample cascade spread over the past week (seedSampleHistory, scripts/seed-cascade.ts), a webhook
// to a local receiver with one test delivery, a read-only share opened in a browser with no key,
// and the share button's panel open on the sample campaign page. Needs Chromium (sudo apt-get
// install -y chromium, or RIPPLE_CHROMIUM).
import '../bench/quiet-sdk.js';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { apiCall } from '../test/browser/support/dashboard.js';
import { launchChromium } from '../test/browser/support/chromium.js';
import { REPO_ROOT, startLocalStack } from '../test/support/local-stack.js';
import { startReceiver } from '../test/support/webhook-receiver.js';
import { LOCAL_WORKSPACE_ID } from '../infra/local/local-workspace.js';
import { seedSampleHistory } from './seed-cascade.js';

const OUT_DIR = join(REPO_ROOT, 'docs/img');
const VIEWPORT = { width: 1280, height: 800 };

// Ready to capture: nothing says it is loading, the network is quiet, and two frames have painted.
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.loading, [aria-busy="true"], .cascade-progress')
    .first()
    .waitFor({ state: 'detached', timeout: 30_000 })
    .catch(() => undefined);
  await page.evaluate('document.fonts.ready');
  await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
}

async function capture(page: Page, name: string, written: string[]): Promise<void> {
  await settled(page);
  const path = join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path });
  written.push(path);
}

const treeDrawn = (page: Page) => page.locator('canvas[data-testid="cascade-canvas"][data-drawn="true"]').waitFor();

// Scrolled so that the tree's options and canvas fill the window.
async function scrollToTree(page: Page): Promise<void> {
  await treeDrawn(page);
  await page.getByLabel('Layout').evaluate((select) => select.closest('div')?.scrollIntoView({ block: 'start' }));
}

// The pointer on the first node (data-first-node: its position on the canvas), so its tooltip shows.
async function hoverFirstNode(page: Page): Promise<void> {
  const canvas = page.locator('canvas[data-testid="cascade-canvas"]');
  const [x, y] = ((await canvas.getAttribute('data-first-node')) ?? '').split(',').map(Number);
  const box = await canvas.boundingBox();
  if (!box || x === undefined || y === undefined) return;
  await page.mouse.move(box.x + x, box.y + y);
  await page.getByRole('tooltip').waitFor();
}

async function main(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  const receiver = await startReceiver();
  const stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', RIPPLE_ALLOW_PRIVATE_WEBHOOKS: '1' } });
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  const newPage = async (viewport = VIEWPORT) => {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: 'light' });
    contexts.push(context);
    return context.newPage();
  };
  const written: string[] = [];
  try {
    const sample = await seedSampleHistory(stack, stack.db(), LOCAL_WORKSPACE_ID, { days: 7 });
    const { contentId } = sample.main;
    const webhook = await apiCall(stack, 'POST', '/v1/webhooks', {
      url: receiver.url('/ripple'),
      events: ['content.threshold_crossed'],
      thresholds: [{ metric: 'earnedReach', gte: 100 }],
      campaign: sample.campaign,
    });
    const share = await apiCall(stack, 'POST', `/v1/contents/${contentId}/shares`, { label: 'For the agency' });

    const page = await newPage();
    const signIn = /Dashboard:\s+(\S+#key=\S+)/.exec(stack.output())?.[1];
    if (!signIn) throw new Error('npm start printed no sign-in link');
    await page.goto(signIn);
    await page.locator(`tr[data-content-id="${contentId}"] td[data-metric][data-value]`).first().waitFor();
    await capture(page, 'contents', written);

    await page.goto(`${stack.url}/app/contents/${contentId}`);
    await page.locator('.tile[data-metric]').first().waitFor();
    await capture(page, 'content-report', written);
    await page.getByRole('heading', { name: 'Generations', exact: true }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await capture(page, 'content-breakdowns', written);

    await page.goto(`${stack.url}/app/contents/${contentId}/tree`);
    await scrollToTree(page);
    await hoverFirstNode(page);
    await capture(page, 'cascade-tree-tidy', written);
    await page.mouse.move(0, 0);
    await page.getByLabel('Layout').selectOption('radial');
    await page.getByLabel('Colour by').selectOption('generation');
    await scrollToTree(page);
    await capture(page, 'cascade-tree-radial', written);

    await page.goto(`${stack.url}/app/campaigns/${sample.campaign}`);
    await page.locator('.tile[data-metric]').first().waitFor();
    await capture(page, 'campaign', written);
    await page.locator('.report-page h2', { hasText: /^(Ranking|Contents)$/ }).evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await capture(page, 'campaign-contents', written);

    await page.goto(`${stack.url}/app/webhooks`);
    const item = page.locator(`li[data-webhook-id="${webhook.id}"]`);
    await item.getByRole('button', { name: 'Send test' }).click();
    await item.locator('[data-outcome]').waitFor();
    await item.getByRole('button', { name: 'Deliveries' }).click();
    await capture(page, 'webhooks', written);

    // The API reference (GET /v1/openapi.json, drawn by the dashboard), one operation's 400 answers open.
    await page.goto(`${stack.url}/app/api`);
    const create = page.locator('article.operation[data-operation-id="createContent"]');
    await create.locator('.answer[data-status="400"] > summary').click();
    await create.evaluate((operation) => operation.scrollIntoView({ block: 'start' }));
    await capture(page, 'api-reference', written);

    // A read-only share, opened where no key was ever entered.
    const stranger = await newPage();
    await stranger.goto(share.url as string);
    await stranger.locator('.tile[data-metric]').first().waitFor();
    await treeDrawn(stranger);
    await capture(stranger, 'shared-report', written);

    // The share button's panel on the sample campaign page, reached through the seed link npm start printed.
    const sampleLink = /Sample page:\s+(\S+)/.exec(stack.output())?.[1];
    if (!sampleLink) throw new Error('npm start printed no sample page link');
    // A window tall enough for the open panel below the button.
    const visitor = await newPage({ width: 1100, height: 780 });
    await visitor.goto(sampleLink);
    await visitor.locator('ripple-share').getByRole('button', { name: 'Share', exact: true }).click();
    await visitor.locator('ripple-share').getByRole('textbox', { name: 'Your link' }).waitFor();
    await capture(visitor, 'share-widget', written);

    for (const path of written) console.log(`wrote ${relative(REPO_ROOT, path)}`);
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser.close();
    await stack.stop();
    await receiver.close();
  }
}

await main().catch((error: unknown) => {
  console.error(`npm run screenshots failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
