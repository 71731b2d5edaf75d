import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEvents, contentWork, type FeedEvent, type StructureLink } from '../../../shared/domain/aggregate/content-aggregate.js';
import { type ContentSummary, type HourTally, settleSummary } from '../../../shared/domain/aggregate/content-summary.js';
import type { KWindow } from '../../../shared/domain/metrics/types.js';
import {
  contentReport,
  emptyReportParts,
  finalizeReport,
  type MatureVisitorsSource,
  type ReportParts,
  reportParts,
  sumReportParts,
} from '../../../shared/domain/report.js';
import { aClick, aLink, aStructureLink, aSummary, T0 } from '../aggregation/fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ALL: KWindow = { windowMs: null, eventsThroughMs: T0 + 100 * HOUR };
const NO_VISITORS: MatureVisitorsSource = { kind: 'perLink', uniqueVisitors: new Map() };
type Meta = Parameters<typeof finalizeReport>[1];
const META: Meta = { computedAt: '2024-06-30T00:00:00.000Z', eventsThrough: null, kWindowSeconds: null };
const partsOf = (links: StructureLink[], summary: ContentSummary = aSummary(), window: KWindow = ALL, visitors: MatureVisitorsSource = NO_VISITORS) =>
  reportParts(links, summary, window, visitors);
const reportOf = (links: StructureLink[], summary: ContentSummary = aSummary(), meta: Partial<Meta> = {}) =>
  finalizeReport(partsOf(links, summary), { ...META, ...meta });
const tally = (clicks: number, links = 0, reshares = 0): HourTally => ({ clicks, links, reshares });

// Two seed trees in the structure, and clicks on a link whose own event is not aggregated yet:
//   Seed000001 (email, 5 clicks) ─┬─ Child00001 (sms, 3) ── Grand00001 (sms, 1)
//                                 └─ Child00002 (email, 2)
//   Seed000002 (no channel, 1)
//   (Late000001: generation 1, sms, 4 clicks — not in the structure)
const links = (): StructureLink[] => [
  aStructureLink({ code: 'Seed000001', channel: 'email', createdAtMs: T0 }),
  aStructureLink({ code: 'Seed000002', channel: null, createdAtMs: T0 + HOUR }),
  aStructureLink({ code: 'Child00001', parent: 'Seed000001', generation: 1, channel: 'sms', createdAtMs: T0 + 2 * HOUR }),
  aStructureLink({ code: 'Child00002', parent: 'Seed000001', generation: 1, channel: 'email', createdAtMs: T0 + 3 * HOUR }),
  aStructureLink({ code: 'Grand00001', parent: 'Child00001', generation: 2, channel: 'sms', createdAtMs: T0 + 4 * HOUR }),
];
const summary = () =>
  aSummary({
    clicks: 16,
    generationClicks: [6, 9, 1],
    generationVisitors: [5, 4, 1],
    channelClicks: { email: 7, sms: 8, '': 1 },
    channelVisitors: { email: 5, sms: 3, '': 1 },
  });

describe('reportParts and finalizeReport: cascade and generations', () => {
  it('computes the cascade from the structure: a link known only by its clicks is no link yet', () => {
    const report = reportOf(links(), summary());

    expect(report).toMatchObject({ links: 5, seedLinks: 2, reshares: 3, generationSizes: [2, 2, 1], depth: 2, maxBreadth: 2 });
    expect(report.largestCascade).toMatchObject({ rootCode: 'Seed000001', size: 4 });
  });

  it('computes K over the structure (kWindow=all: (L − N0 − N1) / (L − N0))', () => {
    expect(reportOf(links(), summary()).kFactor).toBeCloseTo(1 / 3);
  });

  it('lists per generation its links (structure), clicks and unique visitors (summary, clicks on links not yet known included) and k = N(g+1)/N(g)', () => {
    expect(reportOf(links(), summary()).perGeneration).toEqual([
      { generation: 0, links: 2, clicks: 6, uniqueVisitors: 5, k: 1 },
      { generation: 1, links: 2, clicks: 9, uniqueVisitors: 4, k: 0.5 },
      { generation: 2, links: 1, clicks: 1, uniqueVisitors: 1, k: 0 },
    ]);
  });
});

describe('reportParts: the visitors of mature re-share links', () => {
  // One-day window, settled at T0 + 25 h: Child00001 (T0, 3 visitors) is mature; Child00002
  // (T0 + 20 h, 2 visitors) and Grand00001 (T0 + 10 h, child of Child00001, 1 visitor) are not.
  const throughMs = T0 + 25 * HOUR;
  const settled = () => {
    const at = (ms: number) => new Date(ms).toISOString();
    const link = (code: string, parent: string | null, generation: number, createdAtMs: number): FeedEvent => ({
      kind: 'link',
      link: aLink({ code, parent, generation, createdAt: at(createdAtMs) }),
    });
    const visitors = (code: string, generation: number, count: number): FeedEvent[] =>
      Array.from({ length: count }, (_, i) => ({
        kind: 'click',
        click: aClick({ code, generation, visitorId: `h_${code}_${i}`, at: at(throughMs - HOUR) }),
        firsts: { content: true, link: true, generation: true, channel: true },
      }));
    const work = contentWork(aSummary({ mature: { windowMs: DAY, throughMs: null, visitors: 0 } }), []);
    applyEvents(work, [
      link('Seed000001', null, 0, T0 - HOUR),
      link('Child00001', 'Seed000001', 1, T0),
      link('Child00002', 'Seed000001', 1, T0 + 20 * HOUR),
      link('Grand00001', 'Child00001', 2, T0 + 10 * HOUR),
      ...visitors('Seed000001', 0, 4),
      ...visitors('Child00001', 1, 3),
      ...visitors('Child00002', 1, 2),
      ...visitors('Grand00001', 2, 1),
    ]);
    settleSummary(work, throughMs, new Map());
    const perLink: MatureVisitorsSource = { kind: 'perLink', uniqueVisitors: new Map([...work.tallies].map(([code, t]) => [code, t.uniqueVisitors])) };
    return { work, perLink };
  };
  const own = { windowMs: DAY, eventsThroughMs: throughMs };

  it('gives, from the summary, the same cascade as from every link’s visitors for the content’s own window', () => {
    const { work, perLink } = settled();

    const fromSummary = reportParts(work.links, work.summary, own, { kind: 'summary' });
    const fromLinks = reportParts(work.links, work.summary, own, perLink);

    expect(fromSummary.cascade).toEqual(fromLinks.cascade);
    expect(fromSummary.cascade).toMatchObject({ matureLinks: 1, countedChildren: 1, matureVisitors: 3 });
    expect(finalizeReport(fromSummary, META)).toMatchObject({ kFactor: 1, invitesPerShare: 3, reshareRate: 1 / 3 });
  });

  it('takes the mature visitors from the summary’s running sum, not from the links, when the summary is the source', () => {
    const parts = reportParts(
      links(),
      aSummary({ mature: { windowMs: DAY, throughMs: T0 + 30 * DAY, visitors: 42 } }),
      { windowMs: DAY, eventsThroughMs: T0 + 30 * DAY },
      { kind: 'summary' },
    );

    expect(parts.cascade).toMatchObject({ matureLinks: 3, matureVisitors: 42 });
  });

  it('sums every mature link’s visitors for another window', () => {
    const { work, perLink } = settled();

    expect(reportParts(work.links, work.summary, { windowMs: null, eventsThroughMs: throughMs }, perLink).cascade).toMatchObject({
      matureLinks: 3,
      matureVisitors: 6,
    });
    expect(reportParts(work.links, work.summary, { windowMs: HOUR, eventsThroughMs: throughMs }, perLink).cascade).toMatchObject({
      matureLinks: 3,
      matureVisitors: 6,
    });
    expect(reportParts(work.links, work.summary, { windowMs: 2 * DAY, eventsThroughMs: throughMs }, perLink).cascade).toMatchObject({
      matureLinks: 0,
      matureVisitors: 0,
    });
  });
});

/**
 * A random structure in key order (not creation order): about one link in four a seed, the others
 * re-shares of an earlier link; channels a, b, c or none.
 */
const structureArb = fc
  .array(fc.record({ seed: fc.nat({ max: 3 }), pick: fc.nat(), channel: fc.constantFrom('a', 'b', 'c', null), key: fc.nat() }), { maxLength: 40 })
  .map((nodes) =>
    nodes
      .map((node, i) => {
        const parent = i === 0 || node.seed === 0 ? null : `Code${String(node.pick % i).padStart(6, '0')}`;
        return { key: node.key, link: aStructureLink({ code: `Code${String(i).padStart(6, '0')}`, parent, channel: node.channel }) };
      })
      .sort((a, b) => a.key - b.key)
      .map(({ link }) => link),
  );

/** Per channel, by definition: from every link walk up its ancestors, crediting each channel met once, at the distance met. */
function bruteForceSpread(structure: readonly StructureLink[]): Record<string, { downstreamLinks: number; deepestSpread: number }> {
  const byCode = new Map(structure.map((link) => [link.code, link]));
  const spread: Record<string, { downstreamLinks: number; deepestSpread: number }> = {};
  for (const link of structure) spread[link.channel ?? ''] = { downstreamLinks: 0, deepestSpread: 0 };
  for (const link of structure) {
    const credited = new Set<string>();
    let distance = 1;
    for (let ancestor = byCode.get(link.parent ?? ''); ancestor; ancestor = byCode.get(ancestor.parent ?? ''), distance++) {
      const row = spread[ancestor.channel ?? ''] as { downstreamLinks: number; deepestSpread: number };
      if (!credited.has(ancestor.channel ?? '')) row.downstreamLinks++;
      credited.add(ancestor.channel ?? '');
      row.deepestSpread = Math.max(row.deepestSpread, distance);
    }
  }
  return spread;
}

describe('reportParts and finalizeReport: channels', () => {
  it('counts per channel its links, the links made from them and below them (structure), and its clicks and visitors (summary)', () => {
    // email: Child00001, Child00002 and Grand00001 below Seed000001 (2 generations); sms: Grand00001 below Child00001.
    expect(reportOf(links(), summary()).channels).toEqual([
      { channel: 'email', links: 2, clicks: 7, uniqueVisitors: 5, reshares: 2, downstreamLinks: 3, deepestSpread: 2 },
      { channel: 'sms', links: 2, clicks: 8, uniqueVisitors: 3, reshares: 1, downstreamLinks: 1, deepestSpread: 1 },
      { channel: null, links: 1, clicks: 1, uniqueVisitors: 1, reshares: 0, downstreamLinks: 0, deepestSpread: 0 },
    ]);
  });

  it('does not count a re-share whose parent is not in the structure', () => {
    const orphans = [
      aStructureLink({ code: 'Child00001', parent: 'Late000001', generation: 1, channel: 'sms' }),
      aStructureLink({ code: 'Child00002', parent: 'Gone000001', generation: 1, channel: 'sms' }),
    ];

    expect(reportOf(orphans).channels).toEqual([{ channel: 'sms', links: 2, clicks: 0, uniqueVisitors: 0, reshares: 0, downstreamLinks: 0, deepestSpread: 0 }]);
  });

  it('lists a channel seen only in clicks, with no link of its own yet', () => {
    const report = reportOf([aStructureLink({ channel: 'email' })], aSummary({ channelClicks: { email: 1, sms: 4 }, channelVisitors: { sms: 2 } }));

    expect(report.channels).toEqual([
      { channel: 'email', links: 1, clicks: 1, uniqueVisitors: 0, reshares: 0, downstreamLinks: 0, deepestSpread: 0 },
      { channel: 'sms', links: 0, clicks: 4, uniqueVisitors: 2, reshares: 0, downstreamLinks: 0, deepestSpread: 0 },
    ]);
  });

  it('ranks a channel whose shares went four generations deep above one whose shares died at once, more links and clicks notwithstanding', () => {
    // x: XSeed00001 ─ XGen000001 ─ XGen000002 ─ XGen000003 ─ XGen000004 (all x);  y: six seeds never re-shared.
    const chain = [1, 2, 3, 4].map((g) =>
      aStructureLink({ code: `XGen00000${g}`, parent: g === 1 ? 'XSeed00001' : `XGen00000${g - 1}`, generation: g, channel: 'x', createdAtMs: T0 + g * HOUR }),
    );
    const seeds = [1, 2, 3, 4, 5, 6].map((i) => aStructureLink({ code: `YSeed0000${i}`, channel: 'y' }));
    const structure = [...seeds, aStructureLink({ code: 'XSeed00001', channel: 'x' }), ...chain];

    expect(reportOf(structure, aSummary({ channelClicks: { x: 1, y: 10 } })).channels).toEqual([
      { channel: 'x', links: 5, clicks: 1, uniqueVisitors: 0, reshares: 4, downstreamLinks: 4, deepestSpread: 4 },
      { channel: 'y', links: 6, clicks: 10, uniqueVisitors: 0, reshares: 0, downstreamLinks: 0, deepestSpread: 0 },
    ]);
  });

  it('ranks by the deepest spread when the links downstream tie', () => {
    // wide: a seed with two re-shares (2 links below, 1 deep); deep: a seed with a chain of two (2 links below, 2 deep).
    const structure = [
      aStructureLink({ code: 'Wide000001', channel: 'wide' }),
      aStructureLink({ code: 'Wide000002', parent: 'Wide000001', generation: 1, channel: 'wide' }),
      aStructureLink({ code: 'Wide000003', parent: 'Wide000001', generation: 1, channel: 'wide' }),
      aStructureLink({ code: 'Deep000001', channel: 'deep' }),
      aStructureLink({ code: 'Deep000002', parent: 'Deep000001', generation: 1, channel: 'deep' }),
      aStructureLink({ code: 'Deep000003', parent: 'Deep000002', generation: 2, channel: 'deep' }),
    ];

    const channels = reportOf(structure, aSummary({ channelClicks: { wide: 9, deep: 1 } })).channels;

    expect(channels.map(({ channel, downstreamLinks, deepestSpread }) => [channel, downstreamLinks, deepestSpread])).toEqual([
      ['deep', 2, 2],
      ['wide', 2, 1],
    ]);
  });

  it('counts a link below two nested links of the same channel once', () => {
    // Seed000001 (x) ─ Child00001 (x) ─ Grand00001 (y): Grand00001 is below both x links.
    const structure = [
      aStructureLink({ code: 'Seed000001', channel: 'x' }),
      aStructureLink({ code: 'Child00001', parent: 'Seed000001', generation: 1, channel: 'x' }),
      aStructureLink({ code: 'Grand00001', parent: 'Child00001', generation: 2, channel: 'y' }),
    ];

    expect(reportOf(structure).channels.find((row) => row.channel === 'x')).toMatchObject({ reshares: 2, downstreamLinks: 2, deepestSpread: 2 });
  });

  it('counts every link below a channel’s links, and the most generations below one, as walking each link’s ancestors finds them', () => {
    fc.assert(
      fc.property(structureArb, (structure) => {
        const rows = reportOf(structure).channels;

        expect(Object.fromEntries(rows.map(({ channel, downstreamLinks, deepestSpread }) => [channel ?? '', { downstreamLinks, deepestSpread }]))).toEqual(
          bruteForceSpread(structure),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('among channels whose shares spread equally, sorts by links, then clicks (both descending), then name', () => {
    const structure = ['b', 'a', 'c', 'd', 'd'].map((channel, i) => aStructureLink({ code: `Code00000${i}`, channel }));

    expect(reportOf(structure, aSummary({ channelClicks: { a: 1, b: 1, c: 2 } })).channels.map((row) => row.channel)).toEqual(['d', 'c', 'a', 'b']);
  });

  it('breaks ties by name in code-point order (not the locale’s), the row without a channel last', () => {
    const channels = ['b', null, 'a', 'é', 'B', 'zz', 'Z'];
    const structure = channels.map((channel, i) => aStructureLink({ code: `Code${String(i).padStart(6, '0')}`, channel }));

    expect(reportOf(structure).channels.map((row) => row.channel)).toEqual(['B', 'Z', 'a', 'b', 'zz', 'é', null]);
  });

  it('still ranks the row without a channel by its links and clicks first', () => {
    const structure = [null, null, 'a', 'b', null].map((channel, i) => aStructureLink({ code: `Code00000${i}`, channel }));
    const single = [aStructureLink({ code: 'Code000001', channel: null }), aStructureLink({ code: 'Code000002', channel: 'a' })];

    expect(reportOf(structure, aSummary({ channelClicks: { '': 2, a: 5 } })).channels.map((row) => row.channel)).toEqual([null, 'a', 'b']);
    expect(reportOf(single, aSummary({ channelClicks: { '': 3, a: 2 } })).channels.map((row) => row.channel)).toEqual([null, 'a']);
  });
});

describe('reportParts and finalizeReport: arrivals', () => {
  it('lists per arrival channel its clicks, visitors and re-shares, from the summary, ranked by re-shares, then visitors, then clicks', () => {
    const report = reportOf(
      links(),
      aSummary({
        arrivalClicks: { whatsapp: 3, copy: 9, direct: 4, qr: 1 },
        arrivalVisitors: { whatsapp: 2, copy: 5, direct: 4, qr: 1 },
        arrivalReshares: { whatsapp: 2, direct: 1 },
      }),
    );

    expect(report.arrivals).toEqual([
      { channel: 'whatsapp', clicks: 3, uniqueVisitors: 2, reshares: 2 },
      { channel: 'direct', clicks: 4, uniqueVisitors: 4, reshares: 1 },
      { channel: 'copy', clicks: 9, uniqueVisitors: 5, reshares: 0 },
      { channel: 'qr', clicks: 1, uniqueVisitors: 1, reshares: 0 },
    ]);
  });

  it('breaks full ties by name, and lists a channel with re-shares but no click counted (a summary from before arrivals)', () => {
    const report = reportOf([], aSummary({ arrivalClicks: { x: 1, email: 1 }, arrivalVisitors: { x: 1, email: 1 }, arrivalReshares: { other: 1 } }));

    expect(report.arrivals.map((row) => row.channel)).toEqual(['other', 'email', 'x']);
  });

  it('has no arrivals before anything arrived', () => {
    expect(reportOf(links(), summary()).arrivals).toEqual([]);
  });
});

describe('reportParts and finalizeReport: reach, referrers, conversions', () => {
  it('has no amplification while seed reach is 0, and earned / seed reach otherwise', () => {
    expect(reportOf([], aSummary({ uniqueVisitors: 3, earnedReach: 3 })).amplification).toBeNull();
    expect(reportOf([], aSummary({ uniqueVisitors: 10, seedReach: 4, earnedReach: 6 })).amplification).toBe(1.5);
  });

  it('lists the 10 referrer hosts with the most clicks, ties by host name', () => {
    const referrers: Record<string, number> = { 'z.example': 50, 'tie-b.example': 7, 'tie-a.example': 7 };
    for (let i = 1; i <= 9; i++) referrers[`host${i}.example`] = i;

    expect(reportOf([], aSummary({ referrers })).referrers).toEqual([
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
      [],
      aSummary({
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

  it('shares nothing mutable with the summary it came from', () => {
    const source = aSummary({
      generationClicks: [1],
      generationVisitors: [1],
      referrers: { 'a.example': 1 },
      conversionValueMicrosByCurrency: { EUR: 1 },
      recentHours: { '2024-06-01T12:00:00.000Z': tally(1) },
    });
    const before = structuredClone(source);

    const parts = partsOf([], source);
    parts.generationClicks[0] = 9;
    parts.generationVisitors[0] = 9;
    parts.referrers['a.example'] = 9;
    parts.conversionValueMicrosByCurrency.EUR = 9;
    (parts.recentHours['2024-06-01T12:00:00.000Z'] as HourTally).clicks = 9;

    expect(source).toEqual(before);
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

describe('reportParts: timeline tallies', () => {
  it('takes whole days before UTC midnight 14 days before the end, and the recent hours from then on', () => {
    const source = aSummary({
      days: {
        '2024-06-01': tally(3, 3, 1),
        '2024-06-05': tally(8),
        '2024-06-06': tally(9), // within the hourly range: its hours stand for it
        '2024-06-20': tally(6),
      },
      recentHours: {
        '2024-06-05T23:00:00.000Z': tally(1), // before the hourly range: its day stands for it
        '2024-06-06T00:00:00.000Z': tally(4),
        '2024-06-06T11:00:00.000Z': tally(5),
        '2024-06-20T11:00:00.000Z': tally(6),
      },
    });

    const parts = partsOf([], source, { windowMs: null, eventsThroughMs: Date.parse('2024-06-20T12:00:00.000Z') });

    expect(finalizeReport(parts, { ...META, eventsThrough: '2024-06-20T12:00:00.000Z' }).timeline).toEqual([
      { start: '2024-06-01T00:00:00.000Z', ...tally(3, 3, 1) },
      { start: '2024-06-05T00:00:00.000Z', ...tally(8) },
      { start: '2024-06-06T00:00:00.000Z', ...tally(4) },
      { start: '2024-06-06T11:00:00.000Z', ...tally(5) },
      { start: '2024-06-20T11:00:00.000Z', ...tally(6) },
    ]);
  });

  it('counts every click once whatever the end, as long as the recent hours cover the hourly range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ hour: fc.nat(40 * 24), clicks: fc.integer({ min: 1, max: 9 }) }), { maxLength: 30 }),
        fc.nat(14 * 24),
        (rows, endHour) => {
          // The days and recent hours as the aggregation keeps them, settled at the end.
          const work = contentWork(aSummary(), []);
          for (const row of rows) {
            const at = new Date(T0 + row.hour * HOUR).toISOString();
            for (let i = 0; i < row.clicks; i++) applyEvents(work, [{ kind: 'click', click: aClick({ at }), firsts: null }]);
          }
          const endMs = T0 + (40 * 24 + endHour) * HOUR;
          settleSummary(work, endMs, new Map());

          const parts = partsOf([], work.summary, { windowMs: null, eventsThroughMs: endMs });

          const { timeline } = finalizeReport(parts, { ...META, eventsThrough: new Date(endMs).toISOString() });
          expect(timeline.reduce((sum, bucket) => sum + bucket.clicks, 0)).toBe(work.summary.clicks);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('a campaign’s timeline', () => {
  it('never shows a content’s whole day as an hour when its contents end at different times', () => {
    // A ends on 06-20, B five days later: B's recent hours only start on 06-10.
    const a = aSummary({ mature: { windowMs: 86_400_000, throughMs: Date.parse('2024-06-20T12:00:00.000Z'), visitors: 0 } });
    const b = aSummary({
      days: { '2024-06-08': tally(24), '2024-06-12': tally(2) },
      recentHours: { '2024-06-12T05:00:00.000Z': tally(2) },
      mature: { windowMs: 86_400_000, throughMs: Date.parse('2024-06-25T12:00:00.000Z'), visitors: 0 },
    });
    const parts = sumReportParts([
      partsOf([], a, { windowMs: null, eventsThroughMs: Date.parse('2024-06-20T12:00:00.000Z') }),
      partsOf([], b, { windowMs: null, eventsThroughMs: Date.parse('2024-06-25T12:00:00.000Z') }),
    ]);

    const { timeline } = finalizeReport(parts, { ...META, eventsThrough: '2024-06-20T12:00:00.000Z' });

    expect(timeline).toEqual([
      { start: '2024-06-08T00:00:00.000Z', ...tally(24) },
      { start: '2024-06-12T05:00:00.000Z', ...tally(2) },
    ]);
  });
});

describe('finalizeReport: timeline', () => {
  // The timeline tallies as the aggregation keeps them: each hour, and its day's sum.
  const reportWithHours = (hours: Record<string, HourTally>, eventsThrough: string | null = null) => {
    const days: Record<string, HourTally> = {};
    for (const [start, hour] of Object.entries(hours)) {
      const day = (days[start.slice(0, 10)] ??= tally(0, 0, 0));
      day.clicks += hour.clicks;
      day.links += hour.links;
      day.reshares += hour.reshares;
    }
    return finalizeReport({ ...emptyReportParts(), days, recentHours: hours }, { ...META, eventsThrough });
  };

  it('keeps hours from UTC midnight 14 days before eventsThrough and folds older hours into days, in order', () => {
    const hours = {
      '2024-06-20T11:00:00.000Z': tally(6),
      '2024-06-01T20:00:00.000Z': tally(2, 1, 1),
      '2024-06-06T12:00:00.000Z': tally(5), // exactly 14 days before eventsThrough: hourly
      '2024-06-01T03:00:00.000Z': tally(1, 2),
      '2024-06-06T11:00:00.000Z': tally(4), // earlier that same day: hourly too
      '2024-06-05T23:00:00.000Z': tally(7), // the day before: folded
    };

    expect(reportWithHours(hours, '2024-06-20T12:00:00.000Z').timeline).toEqual([
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
    const startsAt = (eventsThrough: string) => reportWithHours(hours, eventsThrough).timeline.map((bucket) => bucket.start);
    const hourly = ['2024-06-05T00:00:00.000Z', '2024-06-06T00:00:00.000Z', '2024-06-06T13:00:00.000Z', '2024-06-06T23:00:00.000Z'];

    expect(startsAt('2024-06-20T00:00:00.000Z')).toEqual(hourly);
    expect(startsAt('2024-06-20T23:59:59.999Z')).toEqual(hourly);
    // A day later the boundary day is 06-07: all of 06-06 is one daily bucket.
    expect(reportWithHours(hours, '2024-06-21T00:00:00.000Z').timeline).toEqual([
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
        const { timeline } = reportWithHours(hours, eventsThrough);

        const firstHourlyDay = new Date(Date.parse(eventsThrough) - 14 * DAY).toISOString().slice(0, 10);
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

    expect(reportWithHours(hours).timeline.map((bucket) => bucket.start)).toEqual([
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

        const { timeline } = reportWithHours(hours, new Date(T0 + throughHour * HOUR).toISOString());

        expect(total(timeline)).toEqual(total(Object.values(hours)));
        const starts = timeline.map((bucket) => bucket.start);
        expect(starts).toEqual([...new Set(starts)].sort());
      }),
      { numRuns: 100 },
    );
  });
});

describe('contentReport', () => {
  it('reports the content’s own window from its summary, stating its meta data and the window in seconds', () => {
    const source = aSummary({
      clicks: 2,
      generationClicks: [2],
      mature: { windowMs: HOUR, throughMs: T0 + 2 * HOUR, visitors: 5 },
      recentHours: { '2024-06-01T12:00:00.000Z': tally(2, 2, 1) },
    });
    const structure = [
      aStructureLink({ code: 'Seed000001' }),
      aStructureLink({ code: 'Child00001', parent: 'Seed000001', generation: 1, createdAtMs: T0 + 30 * 60_000 }),
    ];
    const meta = { computedAt: '2024-06-01T14:00:05.000Z', eventsThrough: new Date(T0 + 2 * HOUR).toISOString() };

    const { report, parts } = contentReport(structure, source, meta);

    expect(parts).toEqual(reportParts(structure, source, { windowMs: HOUR, eventsThroughMs: T0 + 2 * HOUR }, { kind: 'summary' }));
    expect(parts.cascade).toMatchObject({ matureLinks: 1, matureVisitors: 5 });
    expect(report).toMatchObject({ ...meta, kWindowSeconds: 3600, links: 2, clicks: 2, invitesPerShare: 5 });
    expect(report.timeline).toEqual([{ start: '2024-06-01T12:00:00.000Z', clicks: 2, links: 2, reshares: 1 }]);
  });
});

describe('sumReportParts: a campaign', () => {
  // Content A: Seed ─ Child ─ Grand plus a second child; content B: Seed ─ Child.
  const contentA = (): ReportParts =>
    partsOf(
      [
        aStructureLink({ code: 'SeedA00001', channel: 'email' }),
        aStructureLink({ code: 'ChildA0001', parent: 'SeedA00001', generation: 1, channel: 'email', createdAtMs: T0 + HOUR }),
        aStructureLink({ code: 'ChildA0002', parent: 'SeedA00001', generation: 1, createdAtMs: T0 + HOUR }),
        aStructureLink({ code: 'GrandA0001', parent: 'ChildA0001', generation: 2, createdAtMs: T0 + 2 * HOUR }),
      ],
      aSummary({
        clicks: 7,
        botClicks: 1,
        uniqueVisitors: 10,
        seedReach: 4,
        earnedReach: 6,
        earnedClicks: 5,
        conversions: 1,
        conversionValueMicros: 10_000_000,
        conversionValueMicrosByCurrency: { EUR: 10_000_000 },
        generationClicks: [2, 2, 3],
        generationVisitors: [4, 4, 2],
        channelClicks: { email: 3, '': 4 },
        channelVisitors: { email: 5, '': 1 },
        arrivalClicks: { whatsapp: 5, direct: 2 },
        arrivalVisitors: { whatsapp: 4, direct: 2 },
        arrivalReshares: { whatsapp: 2 },
        referrers: { 'a.example': 3, 'shared.example': 1 },
        recentHours: { '2024-06-01T12:00:00.000Z': tally(7, 4, 3) },
      }),
    );
  const contentB = (): ReportParts =>
    partsOf(
      [
        aStructureLink({ code: 'SeedB00001', channel: 'email' }),
        aStructureLink({ code: 'ChildB0001', parent: 'SeedB00001', generation: 1, channel: 'sms', createdAtMs: T0 + HOUR }),
      ],
      aSummary({
        clicks: 4,
        uniqueVisitors: 2,
        seedReach: 2,
        earnedReach: 0,
        earnedClicks: 1,
        conversions: 2,
        conversionValueMicros: 5_000_000,
        conversionValueMicrosByCurrency: { EUR: 2_000_000, USD: 3_000_000 },
        generationClicks: [3, 1],
        generationVisitors: [2],
        channelClicks: { email: 3, sms: 1 },
        channelVisitors: { email: 2, sms: 1 },
        arrivalClicks: { whatsapp: 1, copy: 3 },
        arrivalVisitors: { whatsapp: 1, copy: 2 },
        arrivalReshares: { copy: 1 },
        referrers: { 'shared.example': 2 },
        recentHours: { '2024-06-01T12:00:00.000Z': tally(4, 2, 1), '2024-06-01T13:00:00.000Z': tally(1) },
      }),
    );
  const campaign = () => finalizeReport(sumReportParts([contentA(), contentB()]), META);

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
      // email: 3 below SeedA00001 (ChildA0001 nested under it, its Grand counted once), 2 deep; 1 below SeedB00001, 1 deep.
      { channel: 'email', links: 3, clicks: 6, uniqueVisitors: 7, reshares: 4, downstreamLinks: 4, deepestSpread: 2 },
      { channel: null, links: 2, clicks: 4, uniqueVisitors: 1, reshares: 0, downstreamLinks: 0, deepestSpread: 0 },
      { channel: 'sms', links: 1, clicks: 1, uniqueVisitors: 1, reshares: 0, downstreamLinks: 0, deepestSpread: 0 },
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

  it('adds the arrival channels’ counts over the contents (a visitor who came to both through one channel counts in each)', () => {
    expect(campaign().arrivals).toEqual([
      { channel: 'whatsapp', clicks: 6, uniqueVisitors: 5, reshares: 2 },
      { channel: 'copy', clicks: 3, uniqueVisitors: 2, reshares: 1 },
      { channel: 'direct', clicks: 2, uniqueVisitors: 2, reshares: 0 },
    ]);
  });

  it('adds the channels’ links downstream (no link is in two contents) and keeps their deepest spread', () => {
    const report = campaign();

    expect(report.channels.find((row) => row.channel === 'email')).toMatchObject({ downstreamLinks: 3 + 1, deepestSpread: 2 });
    const deepA = { ...contentA(), channels: { x: { links: 1, clicks: 0, uniqueVisitors: 0, reshares: 1, downstreamLinks: 3, deepestSpread: 3 } } };
    const wideB = { ...contentB(), channels: { x: { links: 2, clicks: 0, uniqueVisitors: 0, reshares: 2, downstreamLinks: 2, deepestSpread: 1 } } };
    expect(finalizeReport(sumReportParts([deepA, wideB]), META).channels).toEqual([
      { channel: 'x', links: 3, clicks: 0, uniqueVisitors: 0, reshares: 3, downstreamLinks: 5, deepestSpread: 3 },
    ]);
  });

  it('leaves the contents’ parts unchanged', () => {
    const partA = contentA();
    const before = structuredClone(partA);

    sumReportParts([partA, contentB()]);

    expect(partA).toEqual(before);
  });
});

describe('reportParts and finalizeReport: clicks on a link deeper than every link in the structure', () => {
  // Was a bug: perGeneration was built over the known generations only, so these clicks vanished from it.
  it('still counts its clicks and visitors in its generation', () => {
    const structure = [
      aStructureLink({ code: 'Seed000001' }),
      aStructureLink({ code: 'Child00001', parent: 'Seed000001', generation: 1, createdAtMs: T0 + HOUR }),
    ];

    const { perGeneration, clicks } = reportOf(structure, aSummary({ clicks: 6, generationClicks: [1, 1, 4], generationVisitors: [1, 1, 3] }));

    expect(perGeneration.reduce((sum, row) => sum + row.clicks, 0)).toBe(clicks);
    expect(perGeneration[2]).toMatchObject({ generation: 2, links: 0, clicks: 4, uniqueVisitors: 3 });
  });

  it('spans the longest of the generation sizes, clicks and visitors, with 0 where a generation has none', () => {
    expect(reportOf([aStructureLink({ code: 'Seed000001' })], aSummary({ generationClicks: [2, 1], generationVisitors: [1, 1, 0, 2] })).perGeneration).toEqual([
      { generation: 0, links: 1, clicks: 2, uniqueVisitors: 1, k: 0 },
      { generation: 1, links: 0, clicks: 1, uniqueVisitors: 1, k: 0 },
      { generation: 2, links: 0, clicks: 0, uniqueVisitors: 0, k: 0 },
      { generation: 3, links: 0, clicks: 0, uniqueVisitors: 2, k: 0 },
    ]);
    expect(reportOf([], aSummary({ generationClicks: [0, 3] })).perGeneration).toEqual([
      { generation: 0, links: 0, clicks: 0, uniqueVisitors: 0, k: 0 },
      { generation: 1, links: 0, clicks: 3, uniqueVisitors: 0, k: 0 },
    ]);
  });

  it('in a campaign, spans the deepest generation any content reached', () => {
    const known = partsOf([aStructureLink({ code: 'SeedA00001' })], aSummary({ generationClicks: [1], generationVisitors: [1] }));
    const deep = partsOf([], aSummary({ generationClicks: [0, 0, 5], generationVisitors: [0, 0, 4] }));

    const report = finalizeReport(sumReportParts([known, deep]), META);

    expect(report.perGeneration.map((row) => [row.generation, row.links, row.clicks, row.uniqueVisitors])).toEqual([
      [0, 1, 1, 1],
      [1, 0, 0, 0],
      [2, 0, 5, 4],
    ]);
  });
});
