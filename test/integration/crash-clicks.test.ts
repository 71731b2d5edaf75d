import { afterAll, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { runClickLoad } from '../support/click-load.js';
import { feedClicks, storedClicks } from '../support/clicks.js';
import { mulberry32 } from '../support/galton-watson.js';
import { api } from '../support/http.js';
import { type LocalStack, startLocalStack } from '../support/local-stack.js';

// Issue 12, crashes: the local stack SIGKILLed in the middle of a click load, at a seeded moment
// (after N answered redirects), then restarted on the same data folder. The redirect answers only
// after its one PutItem, so every answered redirect must be a stored click, and nothing can be
// stored but what was answered or still in flight when the process died. Checked per visitor: each
// click comes from a visitor of its own.
// Two by default; npm run test:crash makes more (RIPPLE_CRASH_KILLS).
const KILLS = Number(process.env.RIPPLE_CRASH_KILLS ?? 2);
const CONCURRENCY = 16;
const random = mulberry32(12);

const quiet = { RIPPLE_AGGREGATE_INTERVAL_SECONDS: '0', RIPPLE_DELIVERY_INTERVAL_SECONDS: '0' };
let stack: LocalStack | undefined;
afterAll(async () => {
  await stack?.stop();
});

it(`keeps every answered click and nothing more through ${KILLS} SIGKILLs mid-load`, { timeout: 60_000 + KILLS * 20_000 }, async () => {
  stack = await startLocalStack({ env: quiet });
  const { dataDir } = stack;
  const content = await api(stack, 'POST', '/v1/contents', { url: 'https://shop.example.com/crash' });
  const { code } = (await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {})).body as { code: string };
  const figures: Array<Record<string, number>> = [];
  let totalInFeed = 0;

  for (let kill = 0; kill < KILLS; kill++) {
    const running: LocalStack = stack;
    const killAfter = 40 + Math.floor(random() * 160);
    let killed = false;
    const load = await runClickLoad(running.url, code, {
      tag: `k${kill}v`,
      total: 10_000,
      concurrency: CONCURRENCY,
      onAnswer: (answer, answered) => {
        if (answer.status !== 302 || answered !== killAfter) return;
        killed = true;
        void running.stop('SIGKILL');
      },
      stopSending: () => killed,
    });
    expect(await running.stop()).toBeNull(); // it died of the signal

    stack = await startLocalStack({ dataDir, env: quiet });
    const mine = (click: Record<string, unknown>) => String(click.visitorId).startsWith(`h_k${kill}v`);
    const table = (await storedClicks(stack, LOCAL_WORKSPACE_ID, code)).filter(mine).map((click) => String(click.visitorId));
    const feed = (await feedClicks(stack, code)).filter(mine).map((click) => String(click.visitorId));
    figures.push({ killAfter, answered: load.answered.length, inFlight: load.unanswered.length, stored: table.length, inFeed: feed.length });

    expect(load.answered.length).toBeGreaterThanOrEqual(killAfter);
    // Cut off, not refused: every request that got no 302 got no answer at all.
    expect(Object.keys(load.otherStatuses).filter((status) => status !== '0')).toEqual([]);
    // In the table and in the activity feed the aggregation reads (dynalite writes an item's index
    // entries before the item itself, so a kill in between leaves a feed entry of an unanswered
    // click with no item): one click per visitor at most, every answered one, nothing never sent.
    const sent = new Set([...load.answered, ...load.unanswered]);
    for (const visitors of [table, feed]) {
      expect(new Set(visitors).size).toBe(visitors.length);
      expect(visitors).toEqual(expect.arrayContaining(load.answered));
      expect(visitors.filter((visitor) => !sent.has(visitor))).toEqual([]);
    }
    totalInFeed += feed.length;
  }

  // The restarted stack serves, and the aggregation counts exactly the clicks in the feed.
  const after = await runClickLoad(stack.url, code, { tag: 'afterv', total: 20, concurrency: 4 });
  expect(after.answered).toHaveLength(20);
  await fetch(`${stack.url}/_local/aggregate`, { method: 'POST', body: '{}' });
  const report = await api(stack, 'GET', `/v1/contents/${content.body.id}/report`);
  expect(report.body).toMatchObject({ clicks: totalInFeed + 20, uniqueVisitors: totalInFeed + 20 });
  console.log(`crash-clicks: ${JSON.stringify(figures)}`);
});
