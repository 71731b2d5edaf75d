import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEvents,
  type ContentWork,
  contentWork,
  type FeedEvent,
  type LinkTally,
  MAX_REFERRER_HOSTS,
  OTHER_REFERRERS,
  type StructureLink,
  structureOf,
  type VisitorFirsts,
} from '../../../../shared/domain/aggregate/content-aggregate.js';
import type { ContentSummary } from '../../../../shared/domain/aggregate/content-summary.js';
import type { ArrivalChannel } from '../../../../shared/domain/arrival-channel.js';
import type { Click } from '../../../../shared/domain/click.js';
import { emptyCounts, type SeriesCounts } from '../../../../shared/domain/series/series-counts.js';
import { aClick, aLink, aStructureLink, aSummary, at, T0 } from '../../aggregation/fixtures.js';

const ALL: VisitorFirsts = { content: true, link: true, generation: true, channel: true };
const NONE: VisitorFirsts = { content: false, link: false, generation: false, channel: false };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const linkEvent = (...args: Parameters<typeof aLink>): FeedEvent => ({ kind: 'link', link: aLink(...args) });
const clickEvent = (click: Partial<Click>, firsts: VisitorFirsts | null = NONE): FeedEvent => ({ kind: 'click', click: aClick(click), firsts });
const conversionEvent = (value: number, currency: string | null, when = at(120)): FeedEvent => ({ kind: 'conversion', value, currency, at: when });
/** A content's first run: nothing stored yet. */
const apply = (...events: FeedEvent[]) => applyEvents(contentWork(aSummary(), []), events);
const counts = (overrides: Partial<SeriesCounts>): SeriesCounts => ({ ...emptyCounts(), ...overrides });
const tally = (overrides: Partial<LinkTally> = {}): LinkTally => ({ clicks: 0, botClicks: 0, uniqueVisitors: 0, ...overrides });
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('applyEvents: links', () => {
  it('leaves the work as it was when there are no events', () => {
    expect(apply()).toEqual(contentWork(aSummary(), []));
  });

  it('appends a seed link to the structure with its facts, counted as a link of its day, its recent hour and its series hour', () => {
    const work = apply(linkEvent({ code: 'Seed000001', sharer: 'alice', channel: 'email', createdAt: '2024-06-01T12:34:56.789Z' }));

    expect(work.links.toArray()).toEqual([
      { code: 'Seed000001', parent: null, createdAtMs: Date.parse('2024-06-01T12:34:56.789Z'), generation: 0, sharer: 'alice', channel: 'email' },
    ]);
    expect(work.indexOf.get('Seed000001')).toBe(0);
    expect(work.summary.days).toEqual({ '2024-06-01': { clicks: 0, links: 1, reshares: 0 } });
    expect(work.summary.recentHours).toEqual({ '2024-06-01T12:00:00.000Z': { clicks: 0, links: 1, reshares: 0 } });
    expect(work.hours).toEqual(new Map([[Date.parse('2024-06-01T12:00:00.000Z'), counts({ links: 1 })]]));
    expect(work.changedHours).toEqual(new Set([Date.parse('2024-06-01T12:00:00.000Z')]));
  });

  it('counts a generation ≥ 1 link as both a link and a re-share of its day and hours', () => {
    const work = apply(
      linkEvent({ code: 'Seed000001', createdAt: '2024-06-01T12:00:00.000Z' }),
      linkEvent({ code: 'Child00001', parent: 'Seed000001', generation: 1, createdAt: '2024-06-01T12:10:00.000Z' }),
      linkEvent({ code: 'Grand00001', parent: 'Child00001', generation: 2, createdAt: '2024-06-01T13:10:00.000Z' }),
    );

    expect(work.summary.days).toEqual({ '2024-06-01': { clicks: 0, links: 3, reshares: 2 } });
    expect(work.summary.recentHours).toEqual({
      '2024-06-01T12:00:00.000Z': { clicks: 0, links: 2, reshares: 1 },
      '2024-06-01T13:00:00.000Z': { clicks: 0, links: 1, reshares: 1 },
    });
    expect(work.hours.get(Date.parse('2024-06-01T13:00:00.000Z'))).toEqual(counts({ links: 1, reshares: 1 }));
    expect(work.links.toArray().map((link) => [link.code, link.parent, link.generation])).toEqual([
      ['Seed000001', null, 0],
      ['Child00001', 'Seed000001', 1],
      ['Grand00001', 'Child00001', 2],
    ]);
  });

  it('appends after the stored structure, leaving the stored links and their count as they were', () => {
    const stored = [aStructureLink({ code: 'Seed000001' })];
    const work = applyEvents(contentWork(aSummary(), stored), [linkEvent({ code: 'Child00001', parent: 'Seed000001', generation: 1 })]);

    expect(work.links.toArray().map((link) => link.code)).toEqual(['Seed000001', 'Child00001']);
    expect(work.indexOf.get('Child00001')).toBe(1);
    expect(work.storedLinks).toBe(1);
  });

  it('ignores a repeated link event (a re-read feed step), keeping the first facts and counting the link once', () => {
    const work = apply(
      linkEvent({ code: 'Seed000001', sharer: 'alice' }),
      clickEvent({ code: 'Seed000001' }),
      linkEvent({ code: 'Seed000001', sharer: 'mallory' }),
    );

    expect(work.links.toArray()).toEqual([expect.objectContaining({ code: 'Seed000001', sharer: 'alice' })]);
    expect(work.tallies.get('Seed000001')).toEqual(tally({ clicks: 1 }));
    expect(sum(Object.values(work.summary.days).map((day) => day.links))).toBe(1);
    expect(sum([...work.hours.values()].map((hour) => hour.links))).toBe(1);
  });

  it('ignores the event of a link the stored structure already holds', () => {
    const stored = [aStructureLink({ code: 'Seed000001', sharer: 'alice' })];
    const work = applyEvents(contentWork(aSummary(), stored), [linkEvent({ code: 'Seed000001', sharer: 'mallory' })]);

    expect(work.links.toArray()).toEqual(stored);
    expect(work.summary.days).toEqual({});
    expect(work.hours.size).toBe(0);
  });

  it('touches no tally: a link without clicks has none', () => {
    const work = apply(linkEvent({ code: 'Seed000001' }));

    expect(work.tallies.size).toBe(0);
    expect(work.changedTallies.size).toBe(0);
  });
});

describe('applyEvents: a click before its link event (clock skew between Lambdas)', () => {
  it('counts the click in the link’s tally while the structure does not know the link yet', () => {
    const work = apply(clickEvent({ code: 'Child00001', generation: 1, channel: 'sms', at: at(5) }, ALL));

    expect(work.tallies.get('Child00001')).toEqual(tally({ clicks: 1, uniqueVisitors: 1 }));
    expect(work.links.toArray()).toEqual([]);
    expect(work.summary).toMatchObject({ clicks: 1, uniqueVisitors: 1, earnedReach: 1, generationClicks: [0, 1], channelClicks: { sms: 1 } });
  });

  it('keeps the tally when the link event arrives, and counts the link in the hour it was made', () => {
    const work = apply(
      clickEvent({ code: 'Child00001', generation: 1, at: '2024-06-01T12:00:01.000Z' }, ALL),
      clickEvent({ code: 'Child00001', generation: 1, at: '2024-06-01T12:00:02.000Z', bot: true }),
      linkEvent({ code: 'Child00001', parent: 'Seed000001', generation: 1, sharer: 'bob', channel: 'sms', createdAt: '2024-06-01T11:59:59.000Z' }),
      clickEvent({ code: 'Child00001', generation: 1, at: '2024-06-01T12:00:03.000Z' }),
    );

    expect(work.links.toArray()).toEqual([
      { code: 'Child00001', parent: 'Seed000001', createdAtMs: Date.parse('2024-06-01T11:59:59.000Z'), generation: 1, sharer: 'bob', channel: 'sms' },
    ]);
    expect(work.tallies.get('Child00001')).toEqual(tally({ clicks: 2, botClicks: 1, uniqueVisitors: 1 }));
    expect(work.summary.recentHours).toEqual({
      '2024-06-01T11:00:00.000Z': { clicks: 0, links: 1, reshares: 1 },
      '2024-06-01T12:00:00.000Z': { clicks: 2, links: 0, reshares: 0 },
    });
  });
});

describe('applyEvents: clicks', () => {
  it('counts a bot click only as a bot click of the content, its link and its series hour, whatever the firsts say', () => {
    const work = apply(
      linkEvent({ code: 'Seed000001' }),
      clickEvent({ code: 'Seed000001', bot: true, referrerHost: 'news.example', channel: 'email', at: at(60) }, ALL),
    );

    expect(work.summary.botClicks).toBe(1);
    expect(work.tallies.get('Seed000001')).toEqual(tally({ botClicks: 1 }));
    expect(work.hours.get(T0)).toEqual(counts({ links: 1, botClicks: 1 }));
    expect(work.summary).toMatchObject({ clicks: 0, earnedClicks: 0, uniqueVisitors: 0, seedReach: 0, earnedReach: 0 });
    expect(work.summary).toMatchObject({ generationClicks: [], generationVisitors: [], channelClicks: {}, channelVisitors: {}, referrers: {} });
    expect(work.summary.days['2024-06-01']?.clicks).toBe(0);
    expect(work.summary.recentHours['2024-06-01T12:00:00.000Z']?.clicks).toBe(0);
    expect(work.summary.mature.visitors).toBe(0);
  });

  it('counts a human click on its link, day, hours and referrer host; earned only from generation 1 on', () => {
    const work = apply(
      linkEvent({ code: 'Seed000001' }),
      linkEvent({ code: 'Child00001', parent: 'Seed000001', generation: 1 }),
      clickEvent({ code: 'Seed000001', referrerHost: 'news.example', at: '2024-06-01T12:59:59.999Z' }),
      clickEvent({ code: 'Child00001', generation: 1, referrerHost: 'news.example', at: '2024-06-01T13:00:00.000Z' }),
      clickEvent({ code: 'Child00001', generation: 1, referrerHost: null, at: '2024-06-01T13:30:00.000Z' }),
    );

    expect(work.summary.clicks).toBe(3);
    expect(work.summary.earnedClicks).toBe(2);
    expect(work.tallies).toEqual(
      new Map([
        ['Seed000001', tally({ clicks: 1 })],
        ['Child00001', tally({ clicks: 2 })],
      ]),
    );
    expect(work.summary.referrers).toEqual({ 'news.example': 2 });
    expect(work.summary.days['2024-06-01']?.clicks).toBe(3);
    expect(work.summary.recentHours['2024-06-01T12:00:00.000Z']?.clicks).toBe(1);
    expect(work.summary.recentHours['2024-06-01T13:00:00.000Z']?.clicks).toBe(2);
    expect(work.hours.get(Date.parse('2024-06-01T13:00:00.000Z'))).toEqual(counts({ clicks: 2 }));
  });

  it('counts human clicks per generation, zero-filling the generations below, and per channel ("" for none)', () => {
    const work = apply(
      clickEvent({ code: 'Grand00001', generation: 2, channel: 'sms' }),
      clickEvent({ code: 'Seed000001', generation: 0, channel: null }),
      clickEvent({ code: 'Seed000001', generation: 0, channel: null }),
    );

    expect(work.summary.generationClicks).toEqual([2, 0, 1]);
    expect(work.summary.channelClicks).toEqual({ sms: 1, '': 2 });
  });

  it('counts no visitor when the click has no firsts', () => {
    const work = apply(linkEvent(), clickEvent({}, null), clickEvent({}, NONE));

    expect(work.summary).toMatchObject({ clicks: 2, uniqueVisitors: 0, seedReach: 0, earnedReach: 0, generationVisitors: [], channelVisitors: {} });
    expect(work.tallies.get('Seed000001')?.uniqueVisitors).toBe(0);
    expect(work.hours.get(T0)?.newVisitors).toBe(0);
  });

  it('counts a content first as a unique visitor, a new visitor of its hour, and seed reach on a seed link or earned reach on a re-share link', () => {
    const work = apply(
      clickEvent({ code: 'Seed000001', generation: 0, visitorId: 'h_a', at: at(60) }, { ...NONE, content: true }),
      clickEvent({ code: 'Grand00001', generation: 2, visitorId: 'h_b', at: at(60) }, { ...NONE, content: true }),
      clickEvent({ code: 'Grand00001', generation: 2, visitorId: 'h_c', at: at(3_600) }, { ...NONE, content: true }),
    );

    expect(work.summary).toMatchObject({ uniqueVisitors: 3, seedReach: 1, earnedReach: 2 });
    expect(work.hours.get(T0)?.newVisitors).toBe(2);
    expect(work.hours.get(T0 + HOUR)?.newVisitors).toBe(1);
  });

  it('counts a link first on that link’s tally only', () => {
    const work = apply(clickEvent({ code: 'Seed000001' }), clickEvent({ code: 'Seed000002' }, { ...NONE, link: true }));

    expect(work.tallies).toEqual(
      new Map([
        ['Seed000001', tally({ clicks: 1 })],
        ['Seed000002', tally({ clicks: 1, uniqueVisitors: 1 })],
      ]),
    );
    expect(work.summary.uniqueVisitors).toBe(0);
  });

  it('counts a generation first at the click’s generation, zero-filling the generations below', () => {
    expect(apply(clickEvent({ code: 'Grand00001', generation: 2 }, { ...NONE, generation: true })).summary.generationVisitors).toEqual([0, 0, 1]);
  });

  it('counts a channel first under the click’s channel, and under "" when the link has none', () => {
    const work = apply(
      clickEvent({ code: 'Seed000001', channel: 'email' }, { ...NONE, channel: true }),
      clickEvent({ code: 'Seed000002', channel: null }, { ...NONE, channel: true }),
      clickEvent({ code: 'Seed000003', channel: null }, { ...NONE, channel: true }),
    );

    expect(work.summary.channelVisitors).toEqual({ email: 1, '': 2 });
  });
});

describe('applyEvents: arrivals', () => {
  const reshareBy = (code: string, creatorArrival: ArrivalChannel | null): FeedEvent => ({
    kind: 'link',
    link: aLink({ code, parent: 'Seed000001', generation: 1, creatorVisitorId: 'h_sharer', createdAt: at(120) }),
    creatorArrival,
  });

  it('counts each human click under the channel it arrived through, a click stored before arrivals under `direct`, and no bot click', () => {
    const { arrival: _none, ...old } = aClick({ code: 'Seed000001' });
    const work = apply(
      clickEvent({ arrival: 'whatsapp' }),
      clickEvent({ arrival: 'whatsapp' }),
      clickEvent({ arrival: 'other' }),
      clickEvent({ arrival: 'qr', bot: true }),
      { kind: 'click', click: old, firsts: NONE },
    );

    expect(work.summary.arrivalClicks).toEqual({ whatsapp: 2, other: 1, direct: 1 });
  });

  it('counts a visitor under an arrival channel once: on the click that is their first through it', () => {
    const work = apply(
      clickEvent({ visitorId: 'h_a', arrival: 'whatsapp' }, { ...ALL, arrival: true }),
      clickEvent({ visitorId: 'h_a', arrival: 'whatsapp' }, NONE),
      clickEvent({ visitorId: 'h_a', arrival: 'copy' }, { ...NONE, arrival: true }),
      clickEvent({ visitorId: 'h_b', arrival: 'copy' }, { ...ALL, arrival: true }),
    );

    expect(work.summary.arrivalVisitors).toEqual({ whatsapp: 1, copy: 2 });
    expect(work.summary.uniqueVisitors).toBe(2);
  });

  it('counts no arrival visitor for firsts without the arrival field (a run before arrivals were)', () => {
    expect(apply(clickEvent({ arrival: 'x' }, ALL)).summary.arrivalVisitors).toEqual({});
  });

  it('attributes a re-share link to its creator’s arrival channel: a visitor who came through WhatsApp and re-shared counts for WhatsApp', () => {
    const work = apply(
      linkEvent({ code: 'Seed000001' }),
      clickEvent({ visitorId: 'h_sharer', arrival: 'whatsapp' }, { ...ALL, arrival: true }),
      reshareBy('Child00001', 'whatsapp'),
    );

    expect(work.summary.arrivalReshares).toEqual({ whatsapp: 1 });
    expect(work.summary.arrivalClicks).toEqual({ whatsapp: 1 });
  });

  it('attributes nothing for a seed link, or a re-share whose creator had not arrived through a link', () => {
    const work = apply(
      linkEvent({ code: 'Seed000001' }),
      { kind: 'link', link: aLink({ code: 'Seed000002' }), creatorArrival: 'x' },
      reshareBy('Child00001', null),
      linkEvent({ code: 'Child00002', parent: 'Seed000001', generation: 1 }),
    );

    expect(work.summary.arrivalReshares).toEqual({});
  });

  it('counts a re-share once when its link event is applied again (a re-read feed step, a link the stored structure holds)', () => {
    const once = apply(linkEvent({ code: 'Seed000001' }), reshareBy('Child00001', 'copy'));
    const again = applyEvents(once, [reshareBy('Child00001', 'copy'), reshareBy('Child00001', 'x')]);
    const stored = applyEvents(contentWork(aSummary({ arrivalReshares: { copy: 1 } }), [aStructureLink({ code: 'Child00001', generation: 1 })]), [
      reshareBy('Child00001', 'copy'),
    ]);

    expect(again.summary.arrivalReshares).toEqual({ copy: 1 });
    expect(stored.summary.arrivalReshares).toEqual({ copy: 1 });
  });
});

describe('applyEvents: referrers past the cap', () => {
  const fullReferrers = () => Object.fromEntries(Array.from({ length: MAX_REFERRER_HOSTS }, (_, i) => [`host${i}.example`, 1]));

  it('counts every distinct host by name up to the cap, and the hosts past it together', () => {
    const clicks = Array.from({ length: MAX_REFERRER_HOSTS + 2 }, (_, i) => clickEvent({ referrerHost: `host${i}.example` }));

    const { referrers } = apply(...clicks).summary;

    expect(Object.keys(referrers)).toHaveLength(MAX_REFERRER_HOSTS + 1);
    expect(referrers[`host${MAX_REFERRER_HOSTS - 1}.example`]).toBe(1);
    expect(referrers[`host${MAX_REFERRER_HOSTS}.example`]).toBeUndefined();
    expect(referrers[OTHER_REFERRERS]).toBe(2);
  });

  it('still counts a host it already names under its own name once the cap is reached', () => {
    const work = applyEvents(contentWork(aSummary({ referrers: fullReferrers() }), []), [
      clickEvent({ referrerHost: 'host7.example' }),
      clickEvent({ referrerHost: 'new.example' }),
    ]);

    expect(work.summary.referrers['host7.example']).toBe(2);
    expect(work.summary.referrers['new.example']).toBeUndefined();
    expect(work.summary.referrers[OTHER_REFERRERS]).toBe(1);
  });
});

describe('applyEvents: conversions', () => {
  it('adds each conversion’s count and value, and its value to its currency when it has one', () => {
    const work = apply(conversionEvent(10, 'EUR'), conversionEvent(2.5, 'EUR'), conversionEvent(7, 'USD'), conversionEvent(0, null), conversionEvent(1, null));

    expect(work.summary.conversions).toBe(5);
    // Kept in millionths: integer sums are exact and do not depend on order.
    expect(work.summary.conversionValueMicros).toBe(20_500_000);
    expect(work.summary.conversionValueMicrosByCurrency).toEqual({ EUR: 12_500_000, USD: 7_000_000 });
  });

  it('sums exactly: 0.1 + 0.2 makes 0.3, not 0.30000000000000004', () => {
    const work = apply(conversionEvent(0.1, 'EUR'), conversionEvent(0.2, 'EUR'));

    expect(work.summary.conversionValueMicros).toBe(300_000);
    expect(work.summary.conversionValueMicros / 1_000_000).toBe(0.3);
  });

  it('counts conversions and their value in the series hour they were made, not in the timeline', () => {
    const work = apply(conversionEvent(1.5, 'EUR', at(90)), conversionEvent(2, null, at(3_700)));

    expect(work.hours).toEqual(
      new Map([
        [T0, counts({ conversions: 1, conversionValueMicros: 1_500_000 })],
        [T0 + HOUR, counts({ conversions: 1, conversionValueMicros: 2_000_000 })],
      ]),
    );
    expect(work.summary.days).toEqual({});
  });
});

describe('applyEvents: loaded tallies and hours, and what changed', () => {
  it('adds to the tallies and series hours loaded from the store rather than replacing them', () => {
    const work = contentWork(aSummary(), [aStructureLink({ code: 'Seed000001' })]);
    work.tallies.set('Seed000001', tally({ clicks: 4, botClicks: 1, uniqueVisitors: 3 }));
    work.hours.set(T0, counts({ clicks: 4, botClicks: 1, newVisitors: 3, links: 1 }));

    applyEvents(work, [clickEvent({ code: 'Seed000001', at: at(60) }, ALL)]);

    expect(work.tallies.get('Seed000001')).toEqual(tally({ clicks: 5, botClicks: 1, uniqueVisitors: 4 }));
    expect(work.hours.get(T0)).toEqual(counts({ clicks: 5, botClicks: 1, newVisitors: 4, links: 1 }));
  });

  it('records the tallies and hours its events touched, and only those', () => {
    const work = contentWork(aSummary(), []);
    work.tallies.set('Other00001', tally({ clicks: 9 }));
    work.hours.set(T0 + 5 * HOUR, counts({ clicks: 9 }));

    applyEvents(work, [
      linkEvent({ code: 'Seed000001', createdAt: at(0) }),
      clickEvent({ code: 'Seed000002', at: at(2 * 3_600) }),
      clickEvent({ code: 'Seed000003', bot: true, at: at(2 * 3_600 + 5) }),
      conversionEvent(1, null, at(3 * 3_600)),
    ]);

    expect(work.changedTallies).toEqual(new Set(['Seed000002', 'Seed000003']));
    expect(work.changedHours).toEqual(new Set([T0, T0 + 2 * HOUR, T0 + 3 * HOUR]));
  });

  it('keys series hours by the UTC hour’s epoch milliseconds and the timeline by UTC day and ISO hour', () => {
    const work = apply(clickEvent({ at: '2024-06-01T23:59:59.999Z' }), clickEvent({ at: '2024-06-02T00:00:00.000Z' }));

    expect([...work.hours.keys()]).toEqual([Date.parse('2024-06-01T23:00:00.000Z'), Date.parse('2024-06-02T00:00:00.000Z')]);
    expect(Object.keys(work.summary.days)).toEqual(['2024-06-01', '2024-06-02']);
    expect(Object.keys(work.summary.recentHours)).toEqual(['2024-06-01T23:00:00.000Z', '2024-06-02T00:00:00.000Z']);
  });
});

describe('applyEvents: visitors of mature re-share links', () => {
  // The summary was settled a day and a half after T0 under a one-day window.
  const settledAt = T0 + 36 * HOUR;
  const stored = [
    aStructureLink({ code: 'Seed000001', createdAtMs: T0 - 10 * DAY }),
    aStructureLink({ code: 'Child00001', parent: 'Seed000001', generation: 1, createdAtMs: T0 }), // mature at settledAt
    aStructureLink({ code: 'Child00002', parent: 'Seed000001', generation: 1, createdAtMs: T0 + 24 * HOUR }), // not yet
  ];
  const settled = (): ContentWork => contentWork(aSummary({ mature: { windowMs: DAY, throughMs: settledAt, visitors: 7 } }), [...stored]);
  const linkFirst = (code: string, generation = 1) => clickEvent({ code, generation, at: new Date(settledAt + HOUR).toISOString() }, { ...NONE, link: true });

  it('adds a new visitor of a stored re-share link that was already mature to the running sum', () => {
    expect(applyEvents(settled(), [linkFirst('Child00001')]).summary.mature.visitors).toBe(8);
  });

  it('leaves the running sum alone for a link not mature then, a seed link, a link appended by this run, or a click with no link first', () => {
    const work = applyEvents(settled(), [
      linkFirst('Child00002'),
      linkFirst('Seed000001', 0),
      linkEvent({ code: 'Late000001', parent: 'Seed000001', generation: 1, createdAt: new Date(T0 - 5 * DAY).toISOString() }),
      linkFirst('Late000001'),
      clickEvent({ code: 'Child00001', generation: 1, at: new Date(settledAt + HOUR).toISOString() }, { ...ALL, link: false }),
    ]);

    expect(work.summary.mature.visitors).toBe(7);
  });

  it('leaves it alone before the summary was ever settled', () => {
    const work = contentWork(aSummary(), [...stored]);

    expect(applyEvents(work, [linkFirst('Child00001')]).summary.mature.visitors).toBe(0);
  });
});

describe('applyEvents: properties', () => {
  // Events of one content over a handful of links; link codes encode their generation.
  const codes = ['Seed000001', 'Seed000002', 'Child00001', 'Grand00001'];
  const generationOf = (code: string) => (code.startsWith('Seed') ? 0 : code.startsWith('Child') ? 1 : 2);
  const eventArb: fc.Arbitrary<FeedEvent> = fc.oneof(
    fc
      .record({ code: fc.constantFrom(...codes), minute: fc.nat(600), creatorArrival: fc.constantFrom(null, 'x' as const, 'direct' as const) })
      .map(({ code, minute, creatorArrival }) => ({
        kind: 'link' as const,
        link: aLink({ code, generation: generationOf(code), parent: generationOf(code) === 0 ? null : 'Seed000001', createdAt: at(minute * 60) }),
        creatorArrival,
      })),
    fc
      .record({
        code: fc.constantFrom(...codes),
        bot: fc.boolean(),
        minute: fc.nat(600),
        referrer: fc.constantFrom(null, 'a.example', 'b.example'),
        channel: fc.constantFrom(null, 'email'),
        arrival: fc.constantFrom('whatsapp' as const, 'other' as const, 'direct' as const),
        firsts: fc.option(fc.record({ content: fc.boolean(), link: fc.boolean(), generation: fc.boolean(), channel: fc.boolean(), arrival: fc.boolean() })),
      })
      .map(({ code, bot, minute, referrer, channel, arrival, firsts }) =>
        clickEvent({ code, generation: generationOf(code), bot, channel, arrival, referrerHost: referrer, at: at(minute * 60) }, firsts),
      ),
    fc
      .record({ value: fc.nat(1000), currency: fc.constantFrom(null, 'EUR'), minute: fc.nat(600) })
      .map(({ value, currency, minute }) => conversionEvent(value, currency, at(minute * 60))),
  );

  // What a commit keeps, and how the next run starts from it (loading only the parts its events touch).
  interface Stored {
    summary: ContentSummary;
    links: StructureLink[];
    tallies: Map<string, LinkTally>;
    hours: Map<number, SeriesCounts>;
  }
  function run(stored: Stored, events: FeedEvent[]): Stored {
    const work = contentWork(structuredClone(stored.summary), [...stored.links]);
    for (const event of events) {
      if (event.kind === 'click') {
        const known = stored.tallies.get(event.click.code);
        if (known) work.tallies.set(event.click.code, { ...known });
      }
      const hour = Date.parse(event.kind === 'link' ? event.link.createdAt : event.kind === 'click' ? event.click.at : event.at);
      const known = stored.hours.get(hour - (hour % HOUR));
      if (known) work.hours.set(hour - (hour % HOUR), { ...known });
    }
    applyEvents(work, events);
    const tallies = new Map(stored.tallies);
    for (const code of work.changedTallies) tallies.set(code, work.tallies.get(code)!);
    const hours = new Map(stored.hours);
    for (const hour of work.changedHours) hours.set(hour, work.hours.get(hour)!);
    return { summary: work.summary, links: work.links.toArray(), tallies, hours };
  }
  const nothingStored = (): Stored => ({ summary: aSummary(), links: [], tallies: new Map(), hours: new Map() });

  it('gives the same summary, structure, tallies and hours whether the events are applied in one run or two', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), fc.nat(40), (events, cut) => {
        const split = Math.min(cut, events.length);
        const once = run(nothingStored(), events);
        const twice = run(run(nothingStored(), events.slice(0, split)), events.slice(split));
        expect(twice).toEqual(once);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the totals consistent: tallies, days and series hours add up to the clicks, and reach splits unique visitors', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        const { summary, links: structure, tallies, hours } = apply(...events);
        const links = structure.toArray();
        const clicks = events.filter((event) => event.kind === 'click');

        expect(summary.clicks).toBe(clicks.filter((event) => !event.click.bot).length);
        expect(summary.botClicks + summary.clicks).toBe(clicks.length);
        expect(sum([...tallies.values()].map((t) => t.clicks))).toBe(summary.clicks);
        expect(sum([...tallies.values()].map((t) => t.botClicks))).toBe(summary.botClicks);
        expect(sum(Object.values(summary.days).map((day) => day.clicks))).toBe(summary.clicks);
        expect(sum(Object.values(summary.recentHours).map((hour) => hour.clicks))).toBe(summary.clicks);
        expect(sum([...hours.values()].map((hour) => hour.clicks))).toBe(summary.clicks);
        expect(sum([...hours.values()].map((hour) => hour.newVisitors))).toBe(summary.uniqueVisitors);
        expect(sum(summary.generationClicks)).toBe(summary.clicks);
        expect(sum(Object.values(summary.channelClicks))).toBe(summary.clicks);
        expect(sum(Object.values(summary.arrivalClicks))).toBe(summary.clicks);
        expect(sum(Object.values(summary.arrivalReshares))).toBeLessThanOrEqual(links.filter((link) => link.generation > 0).length);
        expect(summary.seedReach + summary.earnedReach).toBe(summary.uniqueVisitors);
        // Each distinct link is in the structure once and counts once as a link, however often its event repeats.
        const linkCodes = new Set(events.flatMap((event) => (event.kind === 'link' ? [event.link.code] : [])));
        expect(links.map((link) => link.code).sort()).toEqual([...linkCodes].sort());
        expect(sum(Object.values(summary.days).map((day) => day.links))).toBe(linkCodes.size);
        expect(sum([...hours.values()].map((hour) => hour.links))).toBe(linkCodes.size);
      }),
      { numRuns: 60 },
    );
  });
});

describe('structureOf', () => {
  it('keeps the facts of a link that never change, its creation time in epoch milliseconds', () => {
    const link = aLink({ code: 'Child00001', parent: 'Seed000001', generation: 1, sharer: 'bob', channel: 'sms', createdAt: at(30) });

    expect(structureOf(link)).toEqual({ code: 'Child00001', parent: 'Seed000001', createdAtMs: T0 + 30_000, generation: 1, sharer: 'bob', channel: 'sms' });
  });
});

describe('counting under names that objects already have', () => {
  it('counts referrer hosts and channels called constructor, __proto__ or toString like any other', () => {
    const work = contentWork(aSummary(), []);
    const clicks = ['constructor', '__proto__', 'toString'].map((name) => aClick({ referrerHost: name, channel: name, at: at(60) }));

    applyEvents(
      work,
      clicks.map((click) => ({ kind: 'click', click, firsts: { content: true, link: true, generation: true, channel: true } })),
    );

    const counts = JSON.parse(JSON.stringify(work.summary));
    expect(counts.referrers).toEqual({ constructor: 1, ['__proto__']: 1, toString: 1 });
    expect(counts.channelClicks).toEqual({ constructor: 1, ['__proto__']: 1, toString: 1 });
    expect(counts.channelVisitors).toEqual({ constructor: 1, ['__proto__']: 1, toString: 1 });
  });
});
