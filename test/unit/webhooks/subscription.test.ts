import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { emptyReportParts, finalizeReport } from '../../../shared/domain/report.js';
import { nextRetryDelayMs, DEFAULT_RETRY_SECONDS, parseRetrySchedule } from '../../../shared/domain/webhooks/retry-schedule.js';
import {
  createSubscriptionInput,
  DEFAULT_THRESHOLDS,
  newSubscription,
  THRESHOLD_METRICS,
  thresholdEventId,
  watches,
} from '../../../shared/domain/webhooks/subscription.js';
import { crossedThresholds } from '../../../shared/domain/webhooks/thresholds.js';
import { thresholdCrossedPayload, testPayload } from '../../../shared/domain/webhooks/event-payload.js';

const NOW = new Date('2026-11-01T00:00:00.000Z');
const valid = { url: 'https://hooks.example.com/ripple', events: ['content.threshold_crossed'] };
const parse = (input: unknown) => createSubscriptionInput.safeParse(input);

describe('subscription input', () => {
  it('accepts a url, events, thresholds and one filter', () => {
    expect(parse({ ...valid, thresholds: [{ metric: 'reshares', gte: 5 }], campaign: 'launch' }).success).toBe(true);
    expect(parse({ ...valid, contentId: 'cnt_AAAAAAAAAAAAAAAAAAAAA' }).success).toBe(true);
  });

  it.each([
    ['a relative url', { ...valid, url: '/hook' }],
    ['a non-http url', { ...valid, url: 'ftp://hooks.example.com/x' }],
    ['credentials in the url', { ...valid, url: 'https://user:pw@hooks.example.com/x' }],
    ['no events', { ...valid, events: [] }],
    ['an unknown event', { ...valid, events: ['link.created'] }],
    ['an unknown metric', { ...valid, thresholds: [{ metric: 'virality', gte: 1 }] }],
    ['a non-numeric threshold', { ...valid, thresholds: [{ metric: 'kFactor', gte: '1' }] }],
    ['a threshold too close to 0 for the store (under 1e-130)', { ...valid, thresholds: [{ metric: 'kFactor', gte: -1.8e-231 }] }],
    ['an empty threshold list', { ...valid, thresholds: [] }],
    ['a malformed content id', { ...valid, contentId: 'abc' }],
    ['an unknown field', { ...valid, secret: 'mine' }],
  ])('refuses %s', (_why, input) => {
    expect(parse(input).success).toBe(false);
  });
});

describe('threshold metrics', () => {
  it('are exactly the numeric fields of a report (docs/contract.md §3), settings and summaries aside', () => {
    const report = finalizeReport(emptyReportParts(), { computedAt: NOW.toISOString(), eventsThrough: NOW.toISOString(), kWindowSeconds: 86_400 });
    const notMetrics = new Set(['computedAt', 'eventsThrough', 'kWindowSeconds', 'largestCascade']);
    const numeric = Object.entries(report)
      .filter(([field, value]) => !notMetrics.has(field) && (typeof value === 'number' || value === null))
      .map(([field]) => field);
    expect(numeric.sort()).toEqual([...THRESHOLD_METRICS].sort());
  });
});

describe('newSubscription', () => {
  it('watches the default K-factor threshold when none is given, with a usable Standard Webhooks secret', () => {
    const subscription = newSubscription('ws_a', parse(valid).data!, NOW);
    expect(subscription).toMatchObject({ id: expect.stringMatching(/^wh_/), status: 'active', contentId: null, campaign: null });
    expect(subscription.thresholds).toEqual([{ metric: 'kFactor', gte: 1, minMatureLinks: 10 }]);
    expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const webhook = new Webhook(subscription.secret);
    const signature = webhook.sign('evt_x', NOW, '{}');
    expect(signature).toMatch(/^v1,/);
  });

  it('replaces the default set with explicit thresholds', () => {
    const subscription = newSubscription('ws_a', parse({ ...valid, thresholds: [{ metric: 'clicks', gte: 100 }] }).data!, NOW);
    expect(subscription.thresholds).toEqual([{ metric: 'clicks', gte: 100 }]);
  });

  it('gives every subscription its own id and secret', () => {
    const [a, b] = [newSubscription('ws_a', parse(valid).data!, NOW), newSubscription('ws_a', parse(valid).data!, NOW)];
    expect(a.id).not.toBe(b.id);
    expect(a.secret).not.toBe(b.secret);
  });
});

describe('watches', () => {
  const base = newSubscription('ws_a', parse(valid).data!, NOW);
  const content = { id: 'cnt_AAAAAAAAAAAAAAAAAAAAA', campaign: 'launch' };

  it('matches every content without a filter, only its content or campaign with one', () => {
    expect(watches(base, content)).toBe(true);
    expect(watches({ ...base, contentId: content.id }, content)).toBe(true);
    expect(watches({ ...base, contentId: 'cnt_BBBBBBBBBBBBBBBBBBBBB' }, content)).toBe(false);
    expect(watches({ ...base, campaign: 'launch' }, content)).toBe(true);
    expect(watches({ ...base, campaign: 'autumn' }, content)).toBe(false);
    expect(watches({ ...base, campaign: 'launch' }, { ...content, campaign: null })).toBe(false);
  });

  it('never matches a disabled subscription', () => {
    expect(watches({ ...base, status: 'disabled' }, content)).toBe(false);
  });
});

describe('thresholdEventId', () => {
  it('is the same for the same (subscription, content, metric, threshold) and differs on any of them', () => {
    const threshold = { metric: 'reshares' as const, gte: 5 };
    const id = thresholdEventId('wh_1', 'cnt_1', threshold);
    expect(thresholdEventId('wh_1', 'cnt_1', { ...threshold })).toBe(id);
    expect(
      new Set([
        id,
        thresholdEventId('wh_2', 'cnt_1', threshold),
        thresholdEventId('wh_1', 'cnt_2', threshold),
        thresholdEventId('wh_1', 'cnt_1', { metric: 'clicks', gte: 5 }),
        thresholdEventId('wh_1', 'cnt_1', { metric: 'reshares', gte: 6 }),
        thresholdEventId('wh_1', 'cnt_1', { metric: 'reshares', gte: 5, minMatureLinks: 10 }),
      ]).size,
    ).toBe(6);
    expect(id).toMatch(/^evt_[A-Za-z0-9_-]{24}$/);
  });
});

describe('crossedThresholds', () => {
  const report = (overrides: Record<string, unknown>) => ({
    ...finalizeReport(emptyReportParts(), { computedAt: NOW.toISOString(), eventsThrough: NOW.toISOString(), kWindowSeconds: 86_400 }),
    ...overrides,
  });

  it('crosses at value ≥ gte (inclusive)', () => {
    const thresholds = [{ metric: 'reshares' as const, gte: 5 }];
    expect(crossedThresholds(thresholds, report({ reshares: 4 }), 0)).toEqual([]);
    expect(crossedThresholds(thresholds, report({ reshares: 5 }), 0)).toEqual([{ threshold: thresholds[0], value: 5 }]);
  });

  it('never crosses on a null ratio, even for a negative threshold', () => {
    expect(crossedThresholds([{ metric: 'kFactor', gte: -1 }], report({ kFactor: null }), 100)).toEqual([]);
  });

  it('waits for enough mature re-share links when the threshold asks for them (the default)', () => {
    expect(crossedThresholds(DEFAULT_THRESHOLDS, report({ kFactor: 1.4 }), 9)).toEqual([]);
    expect(crossedThresholds(DEFAULT_THRESHOLDS, report({ kFactor: 1.4 }), 10)).toEqual([{ threshold: DEFAULT_THRESHOLDS[0], value: 1.4 }]);
    expect(crossedThresholds(DEFAULT_THRESHOLDS, report({ kFactor: 0.99 }), 50)).toEqual([]);
  });
});

describe('retry schedule', () => {
  it('spans more than a day by default', () => {
    expect(DEFAULT_RETRY_SECONDS.reduce((sum, seconds) => sum + seconds, 0)).toBeGreaterThan(86_400);
    expect([...DEFAULT_RETRY_SECONDS]).toEqual([...DEFAULT_RETRY_SECONDS].sort((a, b) => a - b));
  });

  it('jitters each wait by at most ±20 % and ends after the last entry', () => {
    const schedule = [5, 300];
    expect(nextRetryDelayMs(1, schedule, () => 0)).toBe(4_000);
    expect(nextRetryDelayMs(1, schedule, () => 0.999_999)).toBe(6_000);
    expect(nextRetryDelayMs(2, schedule, () => 0.5)).toBe(300_000);
    expect(nextRetryDelayMs(3, schedule, () => 0.5)).toBeNull();
  });

  it('reads a comma-separated setting and refuses nonsense', () => {
    expect(parseRetrySchedule('1, 2,30')).toEqual([1, 2, 30]);
    expect(() => parseRetrySchedule('1,,2')).toThrow(/positive seconds/);
    expect(() => parseRetrySchedule('5,-1')).toThrow(/positive seconds/);
    expect(() => parseRetrySchedule('soon')).toThrow(/positive seconds/);
  });
});

describe('payloads', () => {
  it('carries {type, timestamp, data: {contentId, campaign, metric, threshold, value, report}}', () => {
    const body = JSON.parse(
      thresholdCrossedPayload({
        at: NOW,
        content: { id: 'cnt_1', campaign: 'launch' },
        threshold: { metric: 'reshares', gte: 5 },
        value: 6,
        report: report6(),
      }),
    );
    expect(body).toEqual({
      type: 'content.threshold_crossed',
      timestamp: NOW.toISOString(),
      data: { contentId: 'cnt_1', campaign: 'launch', metric: 'reshares', threshold: 5, value: 6, report: expect.objectContaining({ reshares: 6 }) },
    });
  });

  it('sends a webhook.test event naming the subscription', () => {
    expect(JSON.parse(testPayload({ at: NOW, subscriptionId: 'wh_1' }))).toMatchObject({
      type: 'webhook.test',
      timestamp: NOW.toISOString(),
      data: { subscriptionId: 'wh_1' },
    });
  });
});

function report6() {
  return { ...finalizeReport(emptyReportParts(), { computedAt: NOW.toISOString(), eventsThrough: NOW.toISOString(), kWindowSeconds: 86_400 }), reshares: 6 };
}
