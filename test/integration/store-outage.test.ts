import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_WORKSPACE_ID } from '../../infra/local/local-workspace.js';
import { type ClickAnswer, runClickLoad } from '../support/click-load.js';
import { feedClicks, storedClicks } from '../support/clicks.js';
import { api } from '../support/http.js';
import { type FrontedStack, startFrontedStack } from '../support/fronted-stack.js';
import type { LocalStack } from '../support/local-stack.js';
import type { StoreFront } from '../support/store-front.js';
import type { WebhookReceiver } from '../support/webhook-receiver.js';

// Issue 12, faults: the store stops answering (as a paused dynalite: calls held, answered late when
// it comes back) or goes away (as a killed one: connections cut) while the stack works, through a
// front between the stack's functions and its dynalite. A redirect then answers a JSON 503 within
// its function's timeout, nothing is left half-written, and the stack serves again by itself once
// the store is back; so do the aggregation (from its checkpoint) and webhook delivery.
const DYNAMODB_TIMEOUT_MS = 2_000; // per attempt, as on Lambda; the SDK makes 3
const REDIRECT_FUNCTION_TIMEOUT_MS = 10_000; // infra/cloud/functions.ts

let front: StoreFront;
let stack: LocalStack;
let receiver: WebhookReceiver;
let fronted: FrontedStack | undefined;

beforeAll(async () => {
  fronted = await startFrontedStack({ RIPPLE_DYNAMODB_TIMEOUT_MS: String(DYNAMODB_TIMEOUT_MS), RIPPLE_WEBHOOK_TIMEOUT_MS: '2000' });
  ({ front, stack, receiver } = fronted);
});
afterEach(() => {
  front.reset(); // a test that failed half-way leaves no fault armed for the next
});
afterAll(async () => {
  await fronted?.close();
});

const local = (control: 'aggregate' | 'deliver') => fetch(`${stack.url}/_local/${control}`, { method: 'POST', body: '{}' });

/**
 * The runs (or rounds) after the store is back, as the stack's timer would make them, until one
 * completes: the first usually does, but on a loaded machine a call can still time out while the
 * store works off its backlog. A run skipped for a lease nobody holds any more fails the test.
 */
async function nextSuccessful(control: 'aggregate' | 'deliver') {
  for (let attempt = 1; ; attempt++) {
    const response = await local(control);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.status, 'a failed run left its lease in the way').not.toBe('skipped');
    if (response.ok || attempt === 10) return { attempts: attempt, body };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function contentWithLink(path: string) {
  const content = await api(stack, 'POST', '/v1/contents', { url: `https://shop.example.com/${path}` });
  const link = await api(stack, 'POST', `/v1/contents/${content.body.id}/links`, {});
  return { contentId: content.body.id as string, code: link.body.code as string };
}

/**
 * A click load that loses its store after `before` answered redirects, gets it back after `during`
 * answers without one (`lose`/`restore`), and stops `after` answered redirects later.
 */
async function loadThroughOutage(code: string, tag: string, outage: { lose(): void; restore(): void }) {
  const [before, during, after] = [30, 8, 30];
  let phase: 'before' | 'out' | 'back' = 'before';
  let failed = 0;
  let answeredAtRestore = 0;
  let restoredAt = 0;
  let recoveryMs: number | undefined;
  let answeredSoFar = 0;
  const outageAnswers: ClickAnswer[] = [];
  const load = await runClickLoad(stack.url, code, {
    tag,
    total: 5_000,
    concurrency: 8,
    onAnswer: (answer, answered) => {
      answeredSoFar = answered;
      if (phase === 'before' && answered === before) {
        phase = 'out';
        outage.lose();
      } else if (phase === 'out' && answer.status !== 302) {
        outageAnswers.push(answer);
        if (++failed === during) {
          phase = 'back';
          answeredAtRestore = answered;
          restoredAt = performance.now();
          outage.restore();
        }
      } else if (phase === 'back' && answer.status === 302) recoveryMs ??= performance.now() - restoredAt;
    },
    stopSending: () => phase === 'back' && answeredSoFar >= answeredAtRestore + after,
  });
  return { load, outageAnswers, recoveryMs };
}

/** Every visitor the table and the activity feed hold a click of, for one load's tag. */
async function storedVisitors(code: string, tag: string) {
  const mine = (click: Record<string, unknown>) => String(click.visitorId).startsWith(`h_${tag}`);
  const visitors = async (items: Promise<Record<string, unknown>[]>) => (await items).filter(mine).map((click) => String(click.visitorId));
  return { table: await visitors(storedClicks(stack, LOCAL_WORKSPACE_ID, code)), feed: await visitors(feedClicks(stack, code)) };
}

/** Every answered click is stored once; others at most once (a write that timed out may land late); none twice. */
function expectClicksAccountedFor(load: Awaited<ReturnType<typeof runClickLoad>>, stored: { table: string[]; feed: string[] }) {
  const sent = new Set([...load.answered, ...load.unanswered]);
  for (const visitors of [stored.table, stored.feed]) {
    expect(new Set(visitors).size).toBe(visitors.length);
    expect(visitors).toEqual(expect.arrayContaining(load.answered));
    expect(visitors.filter((visitor) => !sent.has(visitor))).toEqual([]);
  }
}

describe('the redirect without its store', () => {
  it.each([
    ['stops answering (paused)', () => front.stall(), () => front.resume()],
    ['goes away (killed)', () => front.down(), () => front.up()],
  ])('answers a JSON 503 with Retry-After while the store %s, within its timeout, and serves again once it is back', async (_how, lose, restore) => {
    const { code } = await contentWithLink(`outage-${_how.split(' ')[0]}`);
    await runClickLoad(stack.url, code, { tag: 'warmv', total: 1, concurrency: 1 }); // the link is cached
    const tag = _how.startsWith('stops') ? 'pausedv' : 'killedv';

    const { load, outageAnswers, recoveryMs } = await loadThroughOutage(code, tag, { lose, restore });

    expect(outageAnswers.length).toBeGreaterThanOrEqual(8);
    for (const answer of outageAnswers) {
      expect(answer).toMatchObject({ status: 503, retryAfter: '1', body: { error: { code: 'unavailable', message: expect.any(String) } } });
      expect(answer.ms).toBeLessThan(REDIRECT_FUNCTION_TIMEOUT_MS);
    }
    expect(Object.keys(load.otherStatuses)).toEqual(['503']);
    expect(recoveryMs).toBeDefined();
    const stored = await storedVisitors(code, tag);
    expectClicksAccountedFor(load, stored);
    const figures = {
      answered: load.answered.length,
      failed: load.unanswered.length,
      storedThoughFailed: stored.table.length - load.answered.length,
      slowest503Ms: Math.round(Math.max(...outageAnswers.map((answer) => answer.ms))),
      recoveryMs: Math.round(recoveryMs ?? -1),
    };
    console.log(`store-outage redirect (${_how}): ${JSON.stringify(figures)}`);
  });
});

describe('the aggregation without its store', () => {
  it.each([
    ['stops answering (paused)', 'stall'],
    ['goes away (killed)', 'down'],
  ] as const)('fails a run whose store %s at its first commit, and the next run completes from the checkpoint', async (_how, fault) => {
    const { contentId, code } = await contentWithLink(`aggregation-${fault}`);
    const child = (await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: code })).body.code as string;
    await runClickLoad(stack.url, code, { tag: `a${fault}s`, total: 20, concurrency: 4 });
    await runClickLoad(stack.url, child, { tag: `a${fault}c`, total: 10, concurrency: 4 });
    const met = front.inject({ action: 'PutItem', bodyIncludes: ['"type":{"S":"aggregateHead"}', contentId], fault, times: 1 });

    const failed = await local('aggregate');
    expect(met()).toBe(1);
    const restoredAt = performance.now();
    if (fault === 'stall') front.resume();
    else front.up();
    // The failed run could not release its lease either: the next run takes it over, not waits it out.
    const next = await nextSuccessful('aggregate');
    const recoveryMs = performance.now() - restoredAt;

    expect(failed.status).toBe(500);
    expect(next.body).toMatchObject({ status: 'done', complete: true, laggingContents: 0 });
    const report = await api(stack, 'GET', `/v1/contents/${contentId}/report?kWindow=all`);
    expect(report.body).toMatchObject({ links: 2, reshares: 1, clicks: 30, uniqueVisitors: 30, kFactor: 0 });
    console.log(`store-outage aggregation (${_how}): ${JSON.stringify({ runs: next.attempts, recoveryMs: Math.round(recoveryMs) })}`);
  });
});

describe('webhook delivery without its store', () => {
  it.each([
    ['stops answering (paused) as a round starts', 'stall', 'Query'],
    ['goes away (killed) as an event is claimed', 'down', 'UpdateItem'],
  ] as const)('fails a round whose store %s, and the next round delivers the event once', async (_how, fault, action) => {
    const { contentId, code } = await contentWithLink(`delivery-${fault}`);
    const hook = await api(stack, 'POST', '/v1/webhooks', {
      url: receiver.url(`/${fault}`),
      events: ['content.threshold_crossed'],
      thresholds: [{ metric: 'reshares', gte: 1 }],
      contentId,
    });
    await api(stack, 'POST', `/v1/contents/${contentId}/links`, { parent: code });
    await local('aggregate');
    const met = front.inject({ action, bodyIncludes: action === 'Query' ? 'OUTBOX#' : 'nextAttemptAt = :until', fault, times: 1 });

    const failed = await local('deliver');
    expect(met()).toBe(1);
    if (fault === 'stall') front.resume();
    else front.up();
    const next = await nextSuccessful('deliver');

    expect(failed.status).toBe(500);
    expect(next.body).toMatchObject({ attempted: 1, delivered: 1 });
    const received = receiver.verified(hook.body.secret, `/${fault}`);
    expect(received).toHaveLength(1);
    expect(received[0]?.payload).toMatchObject({ type: 'content.threshold_crossed', data: { contentId, metric: 'reshares', threshold: 1 } });
  });
});
