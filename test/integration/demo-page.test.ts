import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, visit } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

// The sample campaign page `npm start` serves (README, "Embed the share button"): the seed link it
// prints, the page behind it with the widget's one-line embed, and the content that makes the
// re-share admit the page's origin, kept once per address across restarts.
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ dataDir: mkdtempSync(join(tmpdir(), 'ripple-demo-')), env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
});
afterAll(async () => {
  await stack?.stop();
});

const SAMPLE_LINE = /Sample page: (\S+)\/([0-9A-Za-z]{10}) {2}\(a seed link; open it, press Share\)/;
const sampleCode = (output: string) => SAMPLE_LINE.exec(output)?.[2];
const get = (path: string) => fetch(`${stack.url}${path}`, { redirect: 'manual' });

describe('the sample campaign page on the local stack', () => {
  it('prints a seed link of a content whose page is this stack’s /app/demo', async () => {
    const [, base, code] = SAMPLE_LINE.exec(stack.output()) ?? [];
    expect(base).toBe(stack.url);

    const link = await api(stack, 'GET', `/v1/links/${code}`);
    expect(link.body).toMatchObject({ code, generation: 0, parent: null, shortUrl: `${stack.url}/${code}` });
    const content = await api(stack, 'GET', `/v1/contents/${link.body.contentId}`);
    expect(content.body).toMatchObject({ url: `${stack.url}/app/demo`, title: 'Spring sale — sample campaign page', campaign: 'demo', active: true });
  });

  it('redirects the seed link to the page, with the code as ref', async () => {
    const code = sampleCode(stack.output());
    const response = await visit(stack, code ?? '');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`${stack.url}/app/demo?ref=${code}`);
  });

  it('serves the page with the one-line embed and a <ripple-share>, under a CSP of its own, nothing inline', async () => {
    const page = await get('/app/demo?ref=anything');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = (page.headers.get('content-security-policy') ?? '').split(';').map((directive) => directive.trim());
    expect(csp).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "connect-src 'self'", "img-src 'self' data:"]));
    const html = await page.text();
    expect(html).toContain('<script src="/app/share.js" async></script>');
    expect(html).toMatch(/<ripple-share text="[^"]+" channels="[a-z,]+"><\/ripple-share>/);
    expect(html).not.toMatch(/<script>|<style| style=/);
    expect(html).toContain('<title>Spring sale — sample campaign page</title>');

    // Its style sheet and its script (which listens for the widget's event) come from the stack too.
    for (const [path, type] of [
      ['/app/demo.css', 'text/css'],
      ['/app/demo.js', 'text/javascript'],
      ['/app/share.js', 'text/javascript'],
    ] as const) {
      const file = await get(path);
      expect({ path, status: file.status, type: file.headers.get('content-type') }).toEqual({ path, status: 200, type: expect.stringContaining(type) });
    }
  });

  it('lets the page re-share: the content’s origin is the stack’s, which the re-share admits', async () => {
    const code = sampleCode(stack.output());
    const response = await fetch(`${stack.url}/v1/links/${code}/reshare`, {
      method: 'POST',
      headers: { origin: new URL(stack.url).origin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe(new URL(stack.url).origin);
    expect(await response.json()).toMatchObject({ parent: code, generation: 1 });
  });
});

describe('the sample content across restarts', () => {
  it('keeps one sample content and seed link per address, and makes another for a new address', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ripple-demo-restart-'));
    const first = await startLocalStack({ dataDir, env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
    const firstCode = sampleCode(first.output());
    const port = new URL(first.url).port;
    await first.stop();

    const again = await startLocalStack({ dataDir, env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', PORT: port } });
    try {
      expect(again.url).toBe(first.url);
      expect(sampleCode(again.output())).toBe(firstCode);
      expect((await api(again, 'GET', '/v1/contents?campaign=demo')).body.items).toHaveLength(1);
    } finally {
      await again.stop();
    }

    const elsewhere = await startLocalStack({ dataDir, env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0' } });
    try {
      const code = sampleCode(elsewhere.output());
      expect(code).not.toBe(firstCode);
      const contents = (await api(elsewhere, 'GET', '/v1/contents?campaign=demo')).body.items as { url: string }[];
      expect(contents.map((content) => content.url).sort()).toEqual([`${first.url}/app/demo`, `${elsewhere.url}/app/demo`].sort());
      expect((await visit(elsewhere, code ?? '')).headers.get('location')).toBe(`${elsewhere.url}/app/demo?ref=${code}`);
    } finally {
      await elsewhere.stop();
    }
  });
});
