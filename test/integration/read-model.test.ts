import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { makeContentStateStore } from '../../shared/store/content-state.js';
import { makeFeedControlStore } from '../../shared/store/feed-control.js';
import { api, visit } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

// One read model of a content's aggregate: a content set aside (lagging) is complete only up to its
// own head, so its live link counts add every raw click after that head — not after the feed's
// checkpoint, which has moved past it — and its report and cascade say their own eventsThrough.
let stack: LocalStack;

// One aggregation run (not `npm run aggregate`, which keeps going until the content caught up).
async function aggregateOnce() {
  const response = await fetch(`${stack.url}/_local/aggregate`, { method: 'POST', body: JSON.stringify({ until: new Date().toISOString() }) });
  expect(response.status).toBe(200);
  return response.json();
}

beforeAll(async () => {
  // Small steps: a content catching up reads at most four steps' worth of the feed per run.
  stack = await startLocalStack({ env: { RIPPLE_AGGREGATE_STEP_EVENTS: '8', RIPPLE_AGGREGATE_INTERVAL_SECONDS: '3600' } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('a lagging content', () => {
  it('counts every click live, and reports its own eventsThrough, while the feed has moved past it', async () => {
    const lagging = (await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/lagging' })).body.id as string;
    const busy = (await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/busy' })).body.id as string;
    const code = (await api(stack, 'POST', `/v1/contents/${lagging}/links`, {})).body.code as string;
    const busyCode = (await api(stack, 'POST', `/v1/contents/${busy}/links`, {})).body.code as string;
    for (let i = 0; i < 2; i++) await visit(stack, code);
    await aggregateOnce();
    const control = makeFeedControlStore(stack.db());
    await control.markLagging(LOCAL_WORKSPACE_ID, lagging, 'set aside by the test', new Date());

    // Other tenants' events, then three more clicks on the lagging content's link.
    for (let i = 0; i < 40; i++) await visit(stack, busyCode);
    for (let i = 0; i < 3; i++) await visit(stack, code);
    await aggregateOnce();

    expect(await control.isLagging(LOCAL_WORKSPACE_ID, lagging)).toBe(true);
    const head = await makeContentStateStore(stack.db()).readHead(LOCAL_WORKSPACE_ID, lagging);
    const feed = await control.feedCheckpoint();
    expect(feed.position > head.position).toBe(true);

    const link = await api(stack, 'GET', `/v1/links/${code}`);
    expect(link.body).toMatchObject({ clicks: 5, countsAsOf: 'live' });
    const cascade = await api(stack, 'GET', `/v1/contents/${lagging}/cascade`);
    expect(cascade.body.eventsThrough).toBe(head.eventsThrough);
    expect(cascade.body.eventsThrough < (feed.through ?? '')).toBe(true);
    const report = await api(stack, 'GET', `/v1/contents/${lagging}/report`);
    expect(report.body.eventsThrough).toBe(head.eventsThrough);

    // Once it has caught up, the same numbers come from the aggregate, through the feed's time.
    for (let run = 0; run < 20 && (await control.isLagging(LOCAL_WORKSPACE_ID, lagging)); run++) await aggregateOnce();
    expect((await api(stack, 'GET', `/v1/contents/${lagging}/report`)).body).toMatchObject({
      clicks: 5,
      eventsThrough: (await control.feedCheckpoint()).through,
    });
    expect((await api(stack, 'GET', `/v1/links/${code}`)).body).toMatchObject({ clicks: 5 });
  });
});
