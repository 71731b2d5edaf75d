import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEvents,
  type ContentAggregate,
  emptyAggregate,
  type FeedEvent,
  type VisitorFirsts,
} from '../../../shared/domain/aggregate/content-aggregate.js';
import type { Click } from '../../../shared/domain/click.js';
import { aClick, aLink, at, T0 } from './fixtures.js';

const ALL: VisitorFirsts = { content: true, link: true, generation: true, channel: true };
const NONE: VisitorFirsts = { content: false, link: false, generation: false, channel: false };

const linkEvent = (...args: Parameters<typeof aLink>): FeedEvent => ({ kind: 'link', link: aLink(...args) });
const clickEvent = (click: Partial<Click>, firsts: VisitorFirsts | null = NONE): FeedEvent => ({
  kind: 'click',
  click: aClick(click),
  firsts,
});
const apply = (...events: FeedEvent[]) => applyEvents(emptyAggregate(), events);

describe('applyEvents: links', () => {
  it('leaves an aggregate empty when there are no events', () => {
    expect(apply()).toEqual(emptyAggregate());
  });

  it('adds a seed link as a tally with its facts and no clicks, counted as a link of its hour', () => {
    const aggregate = apply(linkEvent({ code: 'Seed000001', sharer: 'alice', channel: 'email', createdAt: '2024-06-01T12:34:56.789Z' }));

    expect(aggregate.links).toEqual([
      {
        code: 'Seed000001',
        parent: null,
        createdAtMs: Date.parse('2024-06-01T12:34:56.789Z'),
        generation: 0,
        sharer: 'alice',
        channel: 'email',
        clicks: 0,
        botClicks: 0,
        uniqueVisitors: 0,
      },
    ]);
    expect(aggregate.hours).toEqual({ '2024-06-01T12:00:00.000Z': { clicks: 0, links: 1, reshares: 0 } });
  });

  it('counts a generation ≥ 1 link as both a link and a re-share of its hour', () => {
    const aggregate = apply(
      linkEvent({ code: 'Seed000001', createdAt: '2024-06-01T12:00:00.000Z' }),
      linkEvent({ code: 'Child00001', parent: 'Seed000001', generation: 1, createdAt: '2024-06-01T12:10:00.000Z' }),
      linkEvent({ code: 'Grand00001', parent: 'Child00001', generation: 2, createdAt: '2024-06-01T13:10:00.000Z' }),
    );

    expect(aggregate.hours).toEqual({
      '2024-06-01T12:00:00.000Z': { clicks: 0, links: 2, reshares: 1 },
      '2024-06-01T13:00:00.000Z': { clicks: 0, links: 1, reshares: 1 },
    });
    expect(aggregate.links.map((link) => [link.code, link.parent, link.generation])).toEqual([
      ['Seed000001', null, 0],
      ['Child00001', 'Seed000001', 1],
      ['Grand00001', 'Child00001', 2],
    ]);
  });

  it('ignores a repeated link event (a re-read feed step), keeping the first facts and counts', () => {
    const aggregate = apply(
      linkEvent({ code: 'Seed000001', sharer: 'alice' }),
      clickEvent({ code: 'Seed000001' }),
      linkEvent({ code: 'Seed000001', sharer: 'mallory' }),
    );

    expect(aggregate.links).toHaveLength(1);
    expect(aggregate.links[0]).toMatchObject({ sharer: 'alice', clicks: 1 });
    expect(Object.values(aggregate.hours).reduce((sum, hour) => sum + hour.links, 0)).toBe(1);
  });
});

describe('applyEvents: a click before its link event (clock skew between Lambdas)', () => {
  it('counts the click on a pending tally', () => {
    const aggregate = apply(clickEvent({ code: 'Child00001', generation: 1, channel: 'sms', at: at(5) }, ALL));

    expect(aggregate.links).toEqual([
      expect.objectContaining({ code: 'Child00001', generation: 1, channel: 'sms', clicks: 1, uniqueVisitors: 1, pending: true }),
    ]);
    expect(aggregate.clicks).toBe(1);
  });

  it('completes the pending tally when the link event arrives, keeping its clicks and adding the link to its hour', () => {
    const aggregate = apply(
      clickEvent({ code: 'Child00001', generation: 1, at: '2024-06-01T12:00:01.000Z' }, ALL),
      clickEvent({ code: 'Child00001', generation: 1, at: '2024-06-01T12:00:02.000Z', bot: true }),
      linkEvent({
        code: 'Child00001',
        parent: 'Seed000001',
        generation: 1,
        sharer: 'bob',
        channel: 'sms',
        createdAt: '2024-06-01T11:59:59.000Z',
      }),
      clickEvent({ code: 'Child00001', generation: 1, at: '2024-06-01T12:00:03.000Z' }),
    );

    expect(aggregate.links).toEqual([
      {
        code: 'Child00001',
        parent: 'Seed000001',
        createdAtMs: Date.parse('2024-06-01T11:59:59.000Z'),
        generation: 1,
        sharer: 'bob',
        channel: 'sms',
        clicks: 2,
        botClicks: 1,
        uniqueVisitors: 1,
      },
    ]);
    expect(aggregate.hours['2024-06-01T11:00:00.000Z']).toEqual({ clicks: 0, links: 1, reshares: 1 });
    expect(aggregate.hours['2024-06-01T12:00:00.000Z']).toEqual({ clicks: 2, links: 0, reshares: 0 });
  });
});

describe('applyEvents: clicks', () => {
  it('counts a bot click only as a bot click, whatever the firsts say', () => {
    const aggregate = apply(
      linkEvent({ code: 'Seed000001' }),
      clickEvent({ code: 'Seed000001', bot: true, referrerHost: 'news.example', channel: 'email' }, ALL),
    );

    expect(aggregate.botClicks).toBe(1);
    expect(aggregate.links[0]).toMatchObject({ clicks: 0, botClicks: 1, uniqueVisitors: 0 });
    expect(aggregate).toMatchObject({ clicks: 0, earnedClicks: 0, uniqueVisitors: 0, seedReach: 0, earnedReach: 0 });
    expect(aggregate.referrers).toEqual({});
    expect(aggregate.generationVisitors).toEqual([]);
    expect(aggregate.channelVisitors).toEqual({});
    expect(Object.values(aggregate.hours).map((hour) => hour.clicks)).toEqual([0]);
  });

  it('counts a human click on its link, its hour and its referrer host; earned only from generation 1 on', () => {
    const aggregate = apply(
      linkEvent({ code: 'Seed000001' }),
      linkEvent({ code: 'Child00001', parent: 'Seed000001', generation: 1 }),
      clickEvent({ code: 'Seed000001', referrerHost: 'news.example', at: '2024-06-01T12:59:59.999Z' }),
      clickEvent({ code: 'Child00001', generation: 1, referrerHost: 'news.example', at: '2024-06-01T13:00:00.000Z' }),
      clickEvent({ code: 'Child00001', generation: 1, referrerHost: null, at: '2024-06-01T13:30:00.000Z' }),
    );

    expect(aggregate.clicks).toBe(3);
    expect(aggregate.earnedClicks).toBe(2);
    expect(aggregate.links.map((link) => [link.code, link.clicks])).toEqual([
      ['Seed000001', 1],
      ['Child00001', 2],
    ]);
    expect(aggregate.referrers).toEqual({ 'news.example': 2 });
    expect(aggregate.hours['2024-06-01T12:00:00.000Z']?.clicks).toBe(1);
    expect(aggregate.hours['2024-06-01T13:00:00.000Z']?.clicks).toBe(2);
  });

  it('counts no visitor when the click has no firsts', () => {
    const aggregate = apply(linkEvent(), clickEvent({}, null), clickEvent({}, NONE));

    expect(aggregate).toMatchObject({ clicks: 2, uniqueVisitors: 0, seedReach: 0, earnedReach: 0 });
    expect(aggregate.links[0]?.uniqueVisitors).toBe(0);
  });

  it('counts a content first as seed reach on a seed link and as earned reach on a re-share link', () => {
    const aggregate = apply(
      linkEvent({ code: 'Seed000001' }),
      linkEvent({ code: 'Grand00001', parent: 'Child00001', generation: 2 }),
      clickEvent({ code: 'Seed000001', generation: 0, visitorId: 'h_a' }, { ...NONE, content: true }),
      clickEvent({ code: 'Grand00001', generation: 2, visitorId: 'h_b' }, { ...NONE, content: true }),
      clickEvent({ code: 'Grand00001', generation: 2, visitorId: 'h_c' }, { ...NONE, content: true }),
    );

    expect(aggregate).toMatchObject({ uniqueVisitors: 3, seedReach: 1, earnedReach: 2 });
  });

  it('counts a link first on that link only', () => {
    const aggregate = apply(
      linkEvent({ code: 'Seed000001' }),
      linkEvent({ code: 'Seed000002' }),
      clickEvent({ code: 'Seed000002' }, { ...NONE, link: true }),
    );

    expect(aggregate.links.map((link) => [link.code, link.uniqueVisitors])).toEqual([
      ['Seed000001', 0],
      ['Seed000002', 1],
    ]);
    expect(aggregate.uniqueVisitors).toBe(0);
  });

  it('counts a generation first at the click’s generation, zero-filling the generations below', () => {
    const aggregate = apply(clickEvent({ code: 'Grand00001', generation: 2 }, { ...NONE, generation: true }));

    expect(aggregate.generationVisitors).toEqual([0, 0, 1]);
  });

  it('counts a channel first under the click’s channel, and under "" when the link has none', () => {
    const aggregate = apply(
      clickEvent({ code: 'Seed000001', channel: 'email' }, { ...NONE, channel: true }),
      clickEvent({ code: 'Seed000002', channel: null }, { ...NONE, channel: true }),
      clickEvent({ code: 'Seed000003', channel: null }, { ...NONE, channel: true }),
    );

    expect(aggregate.channelVisitors).toEqual({ email: 1, '': 2 });
  });
});

describe('applyEvents: conversions', () => {
  it('adds each conversion’s count and value, and its value to its currency when it has one', () => {
    const aggregate = apply(
      { kind: 'conversion', value: 10, currency: 'EUR' },
      { kind: 'conversion', value: 2.5, currency: 'EUR' },
      { kind: 'conversion', value: 7, currency: 'USD' },
      { kind: 'conversion', value: 0, currency: null },
      { kind: 'conversion', value: 1, currency: null },
    );

    expect(aggregate.conversions).toBe(5);
    // Kept in millionths: integer sums are exact and do not depend on order.
    expect(aggregate.conversionValueMicros).toBe(20_500_000);
    expect(aggregate.conversionValueMicrosByCurrency).toEqual({ EUR: 12_500_000, USD: 7_000_000 });
  });
});

describe('applyEvents: properties', () => {
  // Events of one content over a handful of links; link codes encode their generation.
  const codes = ['Seed000001', 'Seed000002', 'Child00001', 'Grand00001'];
  const generationOf = (code: string) => (code.startsWith('Seed') ? 0 : code.startsWith('Child') ? 1 : 2);
  const eventArb: fc.Arbitrary<FeedEvent> = fc.oneof(
    fc.record({ code: fc.constantFrom(...codes), minute: fc.nat(600) }).map(({ code, minute }) =>
      linkEvent({ code, generation: generationOf(code), parent: generationOf(code) === 0 ? null : 'Seed000001', createdAt: at(minute * 60) }),
    ),
    fc
      .record({
        code: fc.constantFrom(...codes),
        bot: fc.boolean(),
        minute: fc.nat(600),
        referrer: fc.constantFrom(null, 'a.example', 'b.example'),
        firsts: fc.option(fc.record({ content: fc.boolean(), link: fc.boolean(), generation: fc.boolean(), channel: fc.boolean() })),
      })
      .map(({ code, bot, minute, referrer, firsts }) =>
        clickEvent({ code, generation: generationOf(code), bot, referrerHost: referrer, at: new Date(T0 + minute * 60_000).toISOString() }, firsts),
      ),
    fc.record({ value: fc.nat(1000), currency: fc.constantFrom(null, 'EUR') }).map(
      ({ value, currency }): FeedEvent => ({ kind: 'conversion', value, currency }),
    ),
  );
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const clone = (aggregate: ContentAggregate) => structuredClone(aggregate);

  it('gives the same aggregate whether the events are applied at once or in two runs', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), fc.nat(40), (events, cut) => {
        const split = Math.min(cut, events.length);
        const once = applyEvents(emptyAggregate(), events);
        const twice = applyEvents(clone(applyEvents(emptyAggregate(), events.slice(0, split))), events.slice(split));
        expect(twice).toEqual(once);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps the totals consistent: per-link and per-hour clicks add up, and reach splits unique visitors', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        const aggregate = applyEvents(emptyAggregate(), events);
        const humanClicks = events.filter((event) => event.kind === 'click' && !event.click.bot);

        expect(aggregate.clicks).toBe(humanClicks.length);
        expect(aggregate.botClicks + aggregate.clicks).toBe(events.filter((event) => event.kind === 'click').length);
        expect(sum(aggregate.links.map((link) => link.clicks))).toBe(aggregate.clicks);
        expect(sum(aggregate.links.map((link) => link.botClicks))).toBe(aggregate.botClicks);
        expect(sum(Object.values(aggregate.hours).map((hour) => hour.clicks))).toBe(aggregate.clicks);
        expect(aggregate.seedReach + aggregate.earnedReach).toBe(aggregate.uniqueVisitors);
        expect(new Set(aggregate.links.map((link) => link.code)).size).toBe(aggregate.links.length);
        // Each distinct link counts once as a link of its hour, however often its event repeats.
        const linkCodes = new Set(events.flatMap((event) => (event.kind === 'link' ? [event.link.code] : [])));
        expect(sum(Object.values(aggregate.hours).map((hour) => hour.links))).toBe(linkCodes.size);
      }),
      { numRuns: 60 },
    );
  });
});

describe('conversion values', () => {
  it('sum exactly: 0.1 + 0.2 makes 0.3, not 0.30000000000000004', () => {
    const aggregate = applyEvents(emptyAggregate(), [
      { kind: 'conversion', value: 0.1, currency: 'EUR' },
      { kind: 'conversion', value: 0.2, currency: 'EUR' },
    ]);
    expect(aggregate.conversionValueMicros / 1_000_000).toBe(0.3);
  });
});
