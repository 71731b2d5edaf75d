import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HourTally } from '../../../shared/domain/aggregate/content-aggregate.js';
import { emptyReportParts, finalizeReport, reportParts, sumReportParts } from '../../../shared/domain/report.js';
import type { KWindow } from '../../../shared/domain/metrics/types.js';
import { anAggregate, aTally, T0 } from './fixtures.js';

const HOUR = 3_600_000;
const ALL: KWindow = { windowMs: null, eventsThroughMs: T0 + 100 * HOUR };
type Meta = Parameters<typeof finalizeReport>[1];
const META: Meta = { computedAt: '2024-06-30T00:00:00.000Z', eventsThrough: null, kWindowSeconds: null };
const reportOf = (aggregate: ReturnType<typeof anAggregate>, meta: Partial<Meta> = {}) =>
  finalizeReport(reportParts(aggregate, ALL), { ...META, ...meta });

// Two seed trees and a pending link (its click seen, its own event not yet):
//   Seed000001 (email, 5 clicks) ─┬─ Child00001 (sms, 3) ── Grand00001 (sms, 1)
//                                 └─ Child00002 (email, 2)
//   Seed000002 (no channel, 1)
//   Pend000001 (pending, generation 1, sms, 4 clicks)
const cascade = () =>
  anAggregate({
    links: [
      aTally({ code: 'Seed000001', channel: 'email', createdAtMs: T0, clicks: 5, uniqueVisitors: 4 }),
      aTally({ code: 'Seed000002', channel: null, createdAtMs: T0 + HOUR, clicks: 1, uniqueVisitors: 1 }),
      aTally({ code: 'Child00001', parent: 'Seed000001', generation: 1, channel: 'sms', createdAtMs: T0 + 2 * HOUR, clicks: 3 }),
      aTally({ code: 'Child00002', parent: 'Seed000001', generation: 1, channel: 'email', createdAtMs: T0 + 3 * HOUR, clicks: 2 }),
      aTally({ code: 'Grand00001', parent: 'Child00001', generation: 2, channel: 'sms', createdAtMs: T0 + 4 * HOUR, clicks: 1 }),
      aTally({ code: 'Pend000001', generation: 1, channel: 'sms', createdAtMs: T0 + 5 * HOUR, clicks: 4, pending: true }),
    ],
    clicks: 16,
    generationVisitors: [5, 4, 1],
    channelVisitors: { email: 5, sms: 3, '': 1 },
  });

describe('reportParts and finalizeReport: cascade and generations', () => {
  it('leaves pending links out of the forest', () => {
    const report = reportOf(cascade());

    expect(report).toMatchObject({ links: 5, seedLinks: 2, reshares: 3, generationSizes: [2, 2, 1], depth: 2, maxBreadth: 2 });
    expect(report.largestCascade).toMatchObject({ rootCode: 'Seed000001', size: 4 });
  });

  it('recomputes K over the known links (kWindow=all: (L − N0 − N1) / (L − N0))', () => {
    expect(reportOf(cascade()).kFactor).toBeCloseTo(1 / 3);
  });

  it('lists per generation its links, clicks (pending links’ clicks included), unique visitors and k = N(g+1)/N(g)', () => {
    expect(reportOf(cascade()).perGeneration).toEqual([
      { generation: 0, links: 2, clicks: 6, uniqueVisitors: 5, k: 1 },
      { generation: 1, links: 2, clicks: 9, uniqueVisitors: 4, k: 0.5 },
      { generation: 2, links: 1, clicks: 1, uniqueVisitors: 1, k: 0 },
    ]);
  });
});

describe('reportParts and finalizeReport: channels', () => {
  it('counts per channel its known links, their clicks, its visitors and the links made from its links', () => {
    expect(reportOf(cascade()).channels).toEqual([
      { channel: 'email', links: 2, clicks: 7, uniqueVisitors: 5, reshares: 2 },
      { channel: 'sms', links: 2, clicks: 4, uniqueVisitors: 3, reshares: 1 },
      { channel: null, links: 1, clicks: 1, uniqueVisitors: 1, reshares: 0 },
    ]);
  });

  it('does not count a re-share whose parent is unknown or still pending', () => {
    const aggregate = anAggregate({
      links: [
        aTally({ code: 'Pend000001', channel: 'email', pending: true }),
        aTally({ code: 'Child00001', parent: 'Pend000001', generation: 1, channel: 'sms' }),
        aTally({ code: 'Child00002', parent: 'Gone000001', generation: 1, channel: 'sms' }),
      ],
    });

    expect(reportOf(aggregate).channels).toEqual([{ channel: 'sms', links: 2, clicks: 0, uniqueVisitors: 0, reshares: 0 }]);
  });

  it('sorts channels by links, then clicks (both descending), then name', () => {
    const aggregate = anAggregate({
      links: [
        aTally({ code: 'Code00000b', channel: 'b', clicks: 1 }),
        aTally({ code: 'Code00000a', channel: 'a', clicks: 1 }),
        aTally({ code: 'Code00000c', channel: 'c', clicks: 2 }),
        aTally({ code: 'Code00000d', channel: 'd' }),
        aTally({ code: 'Code0000d2', channel: 'd' }),
      ],
    });

    expect(reportOf(aggregate).channels.map((row) => row.channel)).toEqual(['d', 'c', 'a', 'b']);
  });

  it('breaks ties by name in code-point order (not the locale’s), the row without a channel last', () => {
    const aggregate = anAggregate({
      links: ['b', null, 'a', 'é', 'B', 'zz', 'Z'].map((channel, i) => aTally({ code: `Code${String(i).padStart(6, '0')}`, channel, clicks: 1 })),
    });

    expect(reportOf(aggregate).channels.map((row) => row.channel)).toEqual(['B', 'Z', 'a', 'b', 'zz', 'é', null]);
  });

  it('still ranks the row without a channel by its links and clicks first', () => {
    const aggregate = anAggregate({
      links: [
        aTally({ code: 'Code000001', channel: null, clicks: 1 }),
        aTally({ code: 'Code000002', channel: null, clicks: 1 }),
        aTally({ code: 'Code000003', channel: 'a', clicks: 5 }),
        aTally({ code: 'Code000004', channel: 'b', clicks: 0 }),
        aTally({ code: 'Code000005', channel: null, clicks: 0 }),
      ],
    });
    const single = anAggregate({ links: [aTally({ code: 'Code000001', channel: null, clicks: 3 }), aTally({ code: 'Code000002', channel: 'a', clicks: 2 })] });

    expect(reportOf(aggregate).channels.map((row) => row.channel)).toEqual([null, 'a', 'b']);
    expect(reportOf(single).channels.map((row) => row.channel)).toEqual([null, 'a']);
  });
});

describe('reportParts and finalizeReport: reach, referrers, conversions', () => {
  it('has no amplification while seed reach is 0, and earned / seed reach otherwise', () => {
    expect(reportOf(anAggregate({ uniqueVisitors: 3, earnedReach: 3 })).amplification).toBeNull();
    expect(reportOf(anAggregate({ uniqueVisitors: 10, seedReach: 4, earnedReach: 6 })).amplification).toBe(1.5);
  });

  it('lists the 10 referrer hosts with the most clicks, ties by host name', () => {
    const referrers: Record<string, number> = { 'z.example': 50, 'tie-b.example': 7, 'tie-a.example': 7 };
    for (let i = 1; i <= 9; i++) referrers[`host${i}.example`] = i;

    expect(reportOf(anAggregate({ referrers })).referrers).toEqual([
      { host: 'z.example', clicks: 50 },
      { host: 'host9.example', clicks: 9 },
      { host: 'host8.example', clicks: 8 },
      { host: 'host7.example', clicks: 7 },
      { host: 'tie-a.example', clicks: 7 },
      { host: 'tie-b.example', clicks: 7 },
      { host: 'host6.example', clicks: 6 },
      { host: 'host5.example', clicks: 5 },
      { host: 'host4.example', clicks: 4 },
      { host: 'host3.example', clicks: 3 },
    ]);
  });

  it('passes the counts and conversion values through', () => {
    const report = reportOf(
      anAggregate({
        clicks: 9,
        botClicks: 2,
        uniqueVisitors: 5,
        seedReach: 2,
        earnedReach: 3,
        earnedClicks: 6,
        conversions: 3,
        conversionValueMicros: 30_000_000,
        conversionValueMicrosByCurrency: { EUR: 20_000_000 },
      }),
    );

    expect(report).toMatchObject({
      clicks: 9,
      botClicks: 2,
      uniqueVisitors: 5,
      seedReach: 2,
      earnedReach: 3,
      earnedClicks: 6,
      conversions: 3,
      conversionValue: 30,
      conversionValueByCurrency: { EUR: 20 },
    });
  });

  it('states the meta data, a null K window meaning "all"', () => {
    const meta = { computedAt: '2024-06-02T00:00:00.000Z', eventsThrough: '2024-06-01T23:59:00.000Z' };

    expect(finalizeReport(emptyReportParts(), { ...meta, kWindowSeconds: null })).toMatchObject({ ...meta, kWindowSeconds: 'all' });
    expect(finalizeReport(emptyReportParts(), { ...meta, kWindowSeconds: 3600 }).kWindowSeconds).toBe(3600);
  });

  it('is all zeros with null ratios before anything was aggregated', () => {
    const report = finalizeReport(sumReportParts([]), { computedAt: null, eventsThrough: null, kWindowSeconds: 86_400 });

    expect(report).toMatchObject({
      computedAt: null,
      links: 0,
      clicks: 0,
      uniqueVisitors: 0,
      kFactor: null,
      seedFanout: null,
      amplification: null,
      structuralVirality: null,
      largestCascade: null,
      perGeneration: [],
      channels: [],
      referrers: [],
      timeline: [],
    });
  });
});

describe('finalizeReport: timeline', () => {
  const tally = (clicks: number, links = 0, reshares = 0): HourTally => ({ clicks, links, reshares });

  it('keeps hours from UTC midnight 14 days before eventsThrough and folds older hours into days, in order', () => {
    const hours = {
      '2024-06-20T11:00:00.000Z': tally(6),
      '2024-06-01T20:00:00.000Z': tally(2, 1, 1),
      '2024-06-06T12:00:00.000Z': tally(5), // exactly 14 days before eventsThrough: hourly
      '2024-06-01T03:00:00.000Z': tally(1, 2),
      '2024-06-06T11:00:00.000Z': tally(4), // earlier that same day: hourly too
      '2024-06-05T23:00:00.000Z': tally(7), // the day before: folded
    };

    const report = reportOf(anAggregate({ hours }), { eventsThrough: '2024-06-20T12:00:00.000Z' });

    expect(report.timeline).toEqual([
      { start: '2024-06-01T00:00:00.000Z', clicks: 3, links: 3, reshares: 1 },
      { start: '2024-06-05T00:00:00.000Z', clicks: 7, links: 0, reshares: 0 },
      { start: '2024-06-06T11:00:00.000Z', clicks: 4, links: 0, reshares: 0 },
      { start: '2024-06-06T12:00:00.000Z', clicks: 5, links: 0, reshares: 0 },
      { start: '2024-06-20T11:00:00.000Z', clicks: 6, links: 0, reshares: 0 },
    ]);
  });

  it('keeps the whole boundary day hourly, from its midnight, wherever in the day eventsThrough falls', () => {
    const hours = {
      '2024-06-05T23:00:00.000Z': tally(1),
      '2024-06-06T00:00:00.000Z': tally(2),
      '2024-06-06T13:00:00.000Z': tally(3),
      '2024-06-06T23:00:00.000Z': tally(4),
    };
    const startsAt = (eventsThrough: string) => reportOf(anAggregate({ hours }), { eventsThrough }).timeline.map((bucket) => bucket.start);
    const hourly = ['2024-06-05T00:00:00.000Z', '2024-06-06T00:00:00.000Z', '2024-06-06T13:00:00.000Z', '2024-06-06T23:00:00.000Z'];

    expect(startsAt('2024-06-20T00:00:00.000Z')).toEqual(hourly);
    expect(startsAt('2024-06-20T23:59:59.999Z')).toEqual(hourly);
    // A day later the boundary day is 06-07: all of 06-06 is one daily bucket.
    expect(reportOf(anAggregate({ hours }), { eventsThrough: '2024-06-21T00:00:00.000Z' }).timeline).toEqual([
      { start: '2024-06-05T00:00:00.000Z', clicks: 1, links: 0, reshares: 0 },
      { start: '2024-06-06T00:00:00.000Z', clicks: 9, links: 0, reshares: 0 },
    ]);
  });

  it('makes each day either all hourly or one whole daily bucket, whatever the hours and eventsThrough', () => {
    const hourArb = fc.record({ hour: fc.nat(60 * 24), clicks: fc.integer({ min: 1, max: 50 }) });
    fc.assert(
      fc.property(fc.array(hourArb, { maxLength: 40 }), fc.nat(60 * 24 * HOUR), (rows, throughMs) => {
        const hours: Record<string, HourTally> = {};
        for (const row of rows) hours[new Date(T0 + row.hour * HOUR).toISOString()] = tally(row.clicks);
        const eventsThrough = new Date(T0 + throughMs).toISOString();
        const { timeline } = reportOf(anAggregate({ hours }), { eventsThrough });

        const firstHourlyDay = new Date(Date.parse(eventsThrough) - 14 * 24 * HOUR).toISOString().slice(0, 10);
        const days = new Set(Object.keys(hours).map((start) => start.slice(0, 10)));
        for (const day of days) {
          const ofDay = Object.entries(hours).filter(([start]) => start.startsWith(day));
          const buckets = timeline.filter((bucket) => bucket.start.startsWith(day));
          if (day >= firstHourlyDay) {
            expect(buckets).toEqual(ofDay.map(([start, hour]) => ({ start, ...hour })).sort((a, b) => (a.start < b.start ? -1 : 1)));
          } else {
            const clicks = ofDay.reduce((sum, [, hour]) => sum + hour.clicks, 0);
            expect(buckets).toEqual([{ start: `${day}T00:00:00.000Z`, clicks, links: 0, reshares: 0 }]);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('without eventsThrough, measures the 14 days back from the latest hour', () => {
    const hours = {
      '2024-05-31T23:00:00.000Z': tally(1),
      '2024-06-01T05:00:00.000Z': tally(1),
      '2024-06-15T05:00:00.000Z': tally(2),
      '2024-06-15T06:00:00.000Z': tally(3),
    };

    expect(reportOf(anAggregate({ hours })).timeline.map((bucket) => bucket.start)).toEqual([
      '2024-05-31T00:00:00.000Z',
      '2024-06-01T05:00:00.000Z',
      '2024-06-15T05:00:00.000Z',
      '2024-06-15T06:00:00.000Z',
    ]);
  });

  it('preserves the totals and sorts the buckets, whatever the hours and eventsThrough', () => {
    const hourArb = fc.record({ hour: fc.nat(60 * 24), clicks: fc.nat(50), links: fc.nat(5), reshares: fc.nat(5) });
    fc.assert(
      fc.property(fc.array(hourArb, { maxLength: 30 }), fc.nat(60 * 24), (rows, throughHour) => {
        const hours: Record<string, HourTally> = {};
        for (const row of rows) hours[new Date(T0 + row.hour * HOUR).toISOString()] = tally(row.clicks, row.links, row.reshares);
        const total = (buckets: HourTally[]) =>
          buckets.reduce((sum, b) => ({ clicks: sum.clicks + b.clicks, links: sum.links + b.links, reshares: sum.reshares + b.reshares }), tally(0));

        const { timeline } = reportOf(anAggregate({ hours }), { eventsThrough: new Date(T0 + throughHour * HOUR).toISOString() });

        expect(total(timeline)).toEqual(total(Object.values(hours)));
        const starts = timeline.map((bucket) => bucket.start);
        expect(starts).toEqual([...new Set(starts)].sort());
      }),
      { numRuns: 100 },
    );
  });
});

describe('sumReportParts: a campaign', () => {
  // Content A: Seed ─ Child ─ Grand plus a second child; content B: Seed ─ Child.
  const contentA = anAggregate({
    links: [
      aTally({ code: 'SeedA00001', channel: 'email', clicks: 2 }),
      aTally({ code: 'ChildA0001', parent: 'SeedA00001', generation: 1, channel: 'email', clicks: 1, createdAtMs: T0 + HOUR }),
      aTally({ code: 'ChildA0002', parent: 'SeedA00001', generation: 1, clicks: 1, createdAtMs: T0 + HOUR }),
      aTally({ code: 'GrandA0001', parent: 'ChildA0001', generation: 2, clicks: 3, createdAtMs: T0 + 2 * HOUR }),
    ],
    clicks: 7,
    botClicks: 1,
    uniqueVisitors: 10,
    seedReach: 4,
    earnedReach: 6,
    earnedClicks: 5,
    conversions: 1,
    conversionValueMicros: 10_000_000,
    conversionValueMicrosByCurrency: { EUR: 10_000_000 },
    generationVisitors: [4, 4, 2],
    channelVisitors: { email: 5, '': 1 },
    referrers: { 'a.example': 3, 'shared.example': 1 },
    hours: { '2024-06-01T12:00:00.000Z': { clicks: 7, links: 4, reshares: 3 } },
  });
  const contentB = anAggregate({
    links: [
      aTally({ code: 'SeedB00001', channel: 'email', clicks: 3 }),
      aTally({ code: 'ChildB0001', parent: 'SeedB00001', generation: 1, channel: 'sms', clicks: 1, createdAtMs: T0 + HOUR }),
    ],
    clicks: 4,
    uniqueVisitors: 2,
    seedReach: 2,
    earnedReach: 0,
    earnedClicks: 1,
    conversions: 2,
    conversionValueMicros: 5_000_000,
    conversionValueMicrosByCurrency: { EUR: 2_000_000, USD: 3_000_000 },
    generationVisitors: [2],
    channelVisitors: { email: 2, sms: 1 },
    referrers: { 'shared.example': 2 },
    hours: { '2024-06-01T12:00:00.000Z': { clicks: 4, links: 2, reshares: 1 }, '2024-06-01T13:00:00.000Z': { clicks: 1, links: 0, reshares: 0 } },
  });
  const campaign = () => finalizeReport(sumReportParts([reportParts(contentA, ALL), reportParts(contentB, ALL)]), META);

  it('adds the contents’ counts', () => {
    expect(campaign()).toMatchObject({
      links: 6,
      seedLinks: 2,
      reshares: 4,
      generationSizes: [2, 3, 1],
      clicks: 11,
      botClicks: 1,
      uniqueVisitors: 12,
      seedReach: 6,
      earnedReach: 6,
      earnedClicks: 6,
      conversions: 3,
      conversionValue: 15,
      conversionValueByCurrency: { EUR: 12, USD: 3 },
    });
  });

  it('recomputes the ratios from the sums rather than averaging them', () => {
    const report = campaign();

    expect(report.amplification).toBe(1); // 6 / 6, not the mean of 1.5 and 0
    expect(report.kFactor).toBeCloseTo(1 / 4); // (6 − 2 − 3) / (6 − 2), not the mean of 1/3 and 0
    expect(report.seedFanout).toBe(1.5);
  });

  it('adds generations, channels, referrers and hours key by key', () => {
    const report = campaign();

    expect(report.perGeneration).toEqual([
      { generation: 0, links: 2, clicks: 5, uniqueVisitors: 6, k: 1.5 },
      { generation: 1, links: 3, clicks: 3, uniqueVisitors: 4, k: 1 / 3 },
      { generation: 2, links: 1, clicks: 3, uniqueVisitors: 2, k: 0 },
    ]);
    expect(report.channels).toEqual([
      { channel: 'email', links: 3, clicks: 6, uniqueVisitors: 7, reshares: 4 },
      { channel: null, links: 2, clicks: 4, uniqueVisitors: 1, reshares: 0 },
      { channel: 'sms', links: 1, clicks: 1, uniqueVisitors: 1, reshares: 0 },
    ]);
    expect(report.referrers).toEqual([
      { host: 'a.example', clicks: 3 },
      { host: 'shared.example', clicks: 3 },
    ]);
    expect(report.timeline).toEqual([
      { start: '2024-06-01T12:00:00.000Z', clicks: 11, links: 6, reshares: 4 },
      { start: '2024-06-01T13:00:00.000Z', clicks: 1, links: 0, reshares: 0 },
    ]);
  });

  it('leaves the contents’ parts unchanged', () => {
    const partA = reportParts(contentA, ALL);
    const before = structuredClone(partA);

    sumReportParts([partA, reportParts(contentB, ALL)]);

    expect(partA).toEqual(before);
  });
});

describe('reportParts and finalizeReport: a pending link deeper than every known link', () => {
  // Was a bug: perGeneration was built over the known generations only, so these clicks vanished from it.
  it('still counts its clicks and visitors in its generation', () => {
    const aggregate = anAggregate({
      links: [
        aTally({ code: 'Seed000001', clicks: 1 }),
        aTally({ code: 'Child00001', parent: 'Seed000001', generation: 1, clicks: 1, createdAtMs: T0 + HOUR }),
        aTally({ code: 'Pend000001', generation: 2, clicks: 4, pending: true, createdAtMs: T0 + 2 * HOUR }),
      ],
      clicks: 6,
      generationVisitors: [1, 1, 3],
    });

    const { perGeneration, clicks } = reportOf(aggregate);

    expect(perGeneration.reduce((sum, row) => sum + row.clicks, 0)).toBe(clicks);
    expect(perGeneration[2]).toMatchObject({ generation: 2, links: 0, clicks: 4, uniqueVisitors: 3 });
  });

  it('spans the longest of the generation sizes, clicks and visitors, with 0 where a generation has none', () => {
    const deeperVisitors = anAggregate({
      links: [aTally({ code: 'Seed000001', clicks: 2 }), aTally({ code: 'Pend000001', generation: 1, clicks: 1, pending: true })],
      generationVisitors: [1, 1, 0, 2],
    });

    expect(reportOf(deeperVisitors).perGeneration).toEqual([
      { generation: 0, links: 1, clicks: 2, uniqueVisitors: 1, k: 0 },
      { generation: 1, links: 0, clicks: 1, uniqueVisitors: 1, k: 0 },
      { generation: 2, links: 0, clicks: 0, uniqueVisitors: 0, k: 0 },
      { generation: 3, links: 0, clicks: 0, uniqueVisitors: 2, k: 0 },
    ]);
    expect(reportOf(anAggregate({ links: [aTally({ code: 'Pend000001', generation: 1, clicks: 3, pending: true })] })).perGeneration).toEqual([
      { generation: 0, links: 0, clicks: 0, uniqueVisitors: 0, k: 0 },
      { generation: 1, links: 0, clicks: 3, uniqueVisitors: 0, k: 0 },
    ]);
  });

  it('in a campaign, spans the deepest generation any content reached', () => {
    const known = anAggregate({ links: [aTally({ code: 'SeedA00001', clicks: 1 })], generationVisitors: [1] });
    const pendingDeep = anAggregate({ links: [aTally({ code: 'PendB00001', generation: 2, clicks: 5, pending: true })], generationVisitors: [0, 0, 4] });

    const report = finalizeReport(sumReportParts([reportParts(known, ALL), reportParts(pendingDeep, ALL)]), META);

    expect(report.perGeneration.map((row) => [row.generation, row.links, row.clicks, row.uniqueVisitors])).toEqual([
      [0, 1, 1, 1],
      [1, 0, 0, 0],
      [2, 0, 5, 4],
    ]);
  });
});
