import type { Browser, BrowserContext, Page } from 'playwright-core';
import { aggregateUntilDone, type SampleCascade, seedSampleCascade } from '../../../scripts/seed-cascade.js';
import { type LocalStack, startLocalStack } from '../../support/local-stack.js';
import { launchChromium } from './chromium.js';

// One local stack with the sample cascade and one Chromium, shared by the tests of a file (each
// starts in a fresh browser context). Every context records the requests its pages make and the
// errors they log, so a file can check them across all of its flows.

export interface RecordedRequest {
  url: string;
  flow: string;
  /** Its Authorization header, if any: where the API key belongs. */
  authorization?: string;
}

export interface PageProblem {
  flow: string;
  text: string;
}

export interface Dashboard {
  stack: LocalStack;
  browser: Browser;
  sample: SampleCascade;
  /** The sign-in link `npm start` printed (`…/app#key=…`). */
  signInUrl: string;
  origin: string;
  requests: RecordedRequest[];
  /** Console errors and uncaught page errors. */
  problems: PageProblem[];
  /**
   * A fresh browser context (no storage) and a page in it. `flow` labels what it records;
   * `expectsHttpErrors` is for flows that cause 401/404/503 answers on purpose (Chromium logs
   * each as a console error "Failed to load resource").
   */
  newPage(flow: string, options?: { expectsHttpErrors?: boolean }): Promise<Page>;
  /** A fresh page signed in through the printed link, on the contents page. */
  signedInPage(flow: string, options?: { expectsHttpErrors?: boolean }): Promise<Page>;
  /** A management API call with the stack's key. */
  api<T = any>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export async function startDashboard(options: { env?: Record<string, string> } = {}): Promise<Dashboard> {
  const stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', ...options.env } });
  const contexts: BrowserContext[] = [];
  let browser: Browser | undefined;
  try {
    const sample = await seedSampleCascade(stack);
    browser = await launchChromium();
    const signInUrl = /Dashboard:\s+(\S+#key=\S+)/.exec(stack.output())?.[1];
    if (!signInUrl) throw new Error(`npm start printed no sign-in link:\n${stack.output()}`);
    const origin = new URL(stack.url).origin;
    const requests: RecordedRequest[] = [];
    const problems: PageProblem[] = [];
    const launched = browser;

    const newPage: Dashboard['newPage'] = async (flow, { expectsHttpErrors = false } = {}) => {
      const context = await launched.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
      contexts.push(context);
      context.on('request', (request) => {
        const authorization = request.headers().authorization;
        requests.push({ url: request.url(), flow, ...(authorization ? { authorization } : {}) });
      });
      context.on('page', (page) => watchProblems(page, flow, expectsHttpErrors, problems));
      // npm test runs this beside the other projects on 2 cores: waits get room (they end as soon as the state shows).
      context.setDefaultTimeout(60_000);
      context.setDefaultNavigationTimeout(60_000);
      return context.newPage();
    };

    const dashboard: Dashboard = {
      stack,
      browser,
      sample,
      signInUrl,
      origin,
      requests,
      problems,
      newPage,
      async signedInPage(flow, pageOptions) {
        const page = await newPage(flow, pageOptions);
        await page.goto(signInUrl);
        await page.locator(`tr[data-content-id="${sample.main.contentId}"]`).waitFor();
        return page;
      },
      api: (method, path, body) => apiCall(stack, method, path, body),
      async close() {
        for (const context of contexts) await context.close().catch(() => undefined);
        await launched.close().catch(() => undefined);
        await stack.stop();
      },
    };
    return dashboard;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await stack.stop();
    throw error;
  }
}

// A failed load the flow caused on purpose is the only console error a page may log.
function watchProblems(page: Page, flow: string, expectsHttpErrors: boolean, problems: PageProblem[]): void {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (expectsHttpErrors && /^Failed to load resource: the server responded with a status of (401|404|503)\b/.test(text)) return;
    problems.push({ flow, text: `console error at ${page.url()}: ${text}` });
  });
  page.on('pageerror', (error) => problems.push({ flow, text: `uncaught error at ${page.url()}: ${error.stack ?? error.message}` }));
}

export async function apiCall<T = any>(stack: Pick<LocalStack, 'url' | 'apiKey'>, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Every node of a content's cascade, paging the API to the end (as the tree view must). */
export async function wholeCascade(stack: Pick<LocalStack, 'url' | 'apiKey'>, contentId: string): Promise<{ code: string; sharer: string | null }[]> {
  const nodes: { code: string; sharer: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${cursor}`;
    const page: { nodes: typeof nodes; nextCursor: string | null } = await apiCall(stack, 'GET', `/v1/contents/${contentId}/cascade?limit=5000${query}`);
    nodes.push(...page.nodes);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return nodes;
}

export { aggregateUntilDone };
