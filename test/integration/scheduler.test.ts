import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import { api, eventually, visit } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

let stack: LocalStack;

beforeAll(async () => {
  // Every re-share below comes from one address: its limit must not end the rounds on a slow machine.
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '1', RIPPLE_RESHARE_LIMIT_PER_ADDRESS: '1000' } });
});
afterAll(async () => {
  await stack?.stop();
});

it('aggregates on its own timer: the report catches up with new clicks without npm run aggregate', async () => {
  expect(stack.output()).toMatch(/aggregate:\s+every 1 s/);
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/timer' });
  const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {});
  await visit(stack, link.body.code, { cookie: `rpl_vid=h_${'timer'.padEnd(22, 't')}` });

  const report = await eventually(async () => {
    const { body } = await api(stack, 'GET', `/v1/contents/${content.body.id}/report`);
    return body.clicks === 1 ? body : undefined;
  });

  expect(report).toMatchObject({ links: 1, clicks: 1, uniqueVisitors: 1, computedAt: expect.any(String) });
  await visit(stack, link.body.code, { cookie: `rpl_vid=h_${'second'.padEnd(22, 's')}` });
  await eventually(async () => {
    const { body } = await api(stack, 'GET', `/v1/contents/${content.body.id}/report`);
    return body.uniqueVisitors === 2 ? true : undefined;
  });
});

it('reads just-made re-share links and their parents with exact live counts while runs commit underneath', async () => {
  const control = makeFeedControlStore(stack.db());
  const runs = new Set<string | null>([(await control.feedCheckpoint()).computedAt]);
  let contentId = '';
  // Round after round of the share button's flow until two runs have committed during it.
  for (let round = 0; round < 300 && (runs.size < 3 || round < 8); round++) {
    if (round % 4 === 0) contentId = (await api(stack, 'POST', '/v1/contents', { url: `https://shop.example.com/live-${round}` })).body.id;
    const seed = (await api(stack, 'POST', `/v1/contents/${contentId}/links`, {})).body.code as string;
    // A visitor of its own each round: one visitor's re-shares are limited too.
    const cookie = `rpl_vid=h_${String(round).padStart(22, 'r')}`;
    expect((await visit(stack, seed, { cookie })).status).toBe(302);
    const reshare = await fetch(`${stack.url}/v1/links/${seed}/reshare`, { method: 'POST', headers: { cookie } });
    const child = (await reshare.json()) as { code: string };
    expect(reshare.status, JSON.stringify(child)).toBe(201);

    const childRead = await api(stack, 'GET', `/v1/links/${child.code}`);
    const seedRead = await api(stack, 'GET', `/v1/links/${seed}`);

    expect(childRead.status, JSON.stringify(childRead.body)).toBe(200);
    expect(childRead.body).toMatchObject({ clicks: 0, uniqueVisitors: 0, reshares: 0 });
    expect(seedRead.body).toMatchObject({ clicks: 1, uniqueVisitors: 1, reshares: 1 });
    runs.add((await control.feedCheckpoint()).computedAt);
  }
  expect(runs.size).toBeGreaterThanOrEqual(3);
});
