import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { api, visit } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

const running: LocalStack[] = [];
async function start(options: Parameters<typeof startLocalStack>[0] = {}) {
  const stack = await startLocalStack(options);
  running.push(stack);
  return stack;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((stack) => stack.stop()));
});

describe('the local stack across restarts', () => {
  it('makes an API key on first start, prints it, keeps it in the data folder and reuses it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ripple-persist-'));
    const first = await start({ dataDir });
    expect(first.apiKey).toMatch(/^rpl_local_[0-9A-Za-z]{32}$/);
    expect(readFileSync(join(dataDir, 'api-key'), 'utf8').trim()).toBe(first.apiKey);
    expect(await first.stop()).toBe(0);

    const second = await start({ dataDir });
    expect(second.apiKey).toBe(first.apiKey);
    expect((await api(second, 'GET', '/v1/contents')).status).toBe(200);
  });

  it('keeps contents, links and clicks on disk through a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ripple-persist-'));
    const first = await start({ dataDir });
    const content = await api(first, 'POST', '/v1/contents', { url: 'https://shop.example.com/kept' });
    const link = await api(first, 'POST', `/v1/contents/${content.body.id}/links`, {});
    await visit(first, link.body.code);
    await visit(first, link.body.code);
    expect(await first.stop()).toBe(0);

    const second = await start({ dataDir });
    const read = await api(second, 'GET', `/v1/links/${link.body.code}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ contentId: content.body.id, clicks: 2 });
    expect((await visit(second, link.body.code)).status).toBe(302);
  });

  it('uses RIPPLE_API_KEY when set, and the old key keeps working', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ripple-persist-'));
    const first = await start({ dataDir });
    await first.stop();

    const chosen = 'rpl_test_chosenKey0123456789';
    const second = await start({ dataDir, env: { RIPPLE_API_KEY: chosen } });
    expect(second.apiKey).toBe(chosen);
    expect((await api(second, 'GET', '/v1/contents')).status).toBe(200);
    expect((await api(second, 'GET', '/v1/contents', undefined, { key: first.apiKey })).status).toBe(200);
  });

  it('stops cleanly on SIGINT (Ctrl-C) and on SIGTERM, removing its stack file', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const stack = await start();
      expect(existsSync(join(stack.dataDir, 'stack.json'))).toBe(true);

      expect(await stack.stop(signal)).toBe(0);

      expect(existsSync(join(stack.dataDir, 'stack.json'))).toBe(false);
      expect(stack.output()).toContain('Ripple local stack stopped.');
    }
  });

  it('starts again on the data folder of a stack that was killed, with what it stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ripple-persist-'));
    const first = await start({ dataDir });
    const content = await api(first, 'POST', '/v1/contents', { url: 'https://shop.example.com/crash' });
    const link = await api(first, 'POST', `/v1/contents/${content.body.id}/links`, {});
    await visit(first, link.body.code);

    // No clean stop: the store's thread dies with the process, and the data folder's lock with it.
    await first.stop('SIGKILL');

    const second = await start({ dataDir });
    expect((await api(second, 'GET', `/v1/links/${link.body.code}`)).body).toMatchObject({ contentId: content.body.id, clicks: 1 });
  });

  it('refuses to start a second stack on a data folder in use', async () => {
    const first = await start();

    await expect(startLocalStack({ dataDir: first.dataDir })).rejects.toThrow(/already uses/);
    expect((await api(first, 'GET', '/v1/contents')).status).toBe(200);
  });
});
