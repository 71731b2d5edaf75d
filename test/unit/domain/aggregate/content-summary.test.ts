import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Structure } from '../../../../shared/domain/aggregate/structure.js';
import {
  applyEvents,
  contentWork,
  type FeedEvent,
  type LinkTally,
  type StructureLink,
  type VisitorFirsts,
} from '../../../../shared/domain/aggregate/content-aggregate.js';
import {
  type ContentSummary,
  emptySummary,
  hourOf,
  newlyMatureLinks,
  nextMaturityMs,
  RECENT_HOURS_DAYS,
  settleSummary,
  storedSummary,
  totalsOf,
} from '../../../../shared/domain/aggregate/content-summary.js';
import { forestFromLinks } from '../../../../shared/domain/metrics/cascade.js';
import { indexForest } from '../../../../shared/domain/metrics/forest-index.js';
import { kParts } from '../../../../shared/domain/metrics/k-factor.js';
import { aClick, aLink, aStructureLink, aSummary, T0 } from '../../aggregation/fixtures.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const tally = (uniqueVisitors: number): LinkTally => ({ clicks: uniqueVisitors, botClicks: 0, uniqueVisitors });
const reshare = (code: string, createdAtMs: number, parent = 'Seed000001'): StructureLink => aStructureLink({ code, parent, generation: 1, createdAtMs });
const settledAt = (throughMs: number | null, visitors = 0): ContentSummary => aSummary({ mature: { windowMs: DAY, throughMs, visitors } });

describe('emptySummary', () => {
  it('counts nothing and has never been settled, under the given K window', () => {
    const summary = emptySummary(3_600_000);

    expect(summary.mature).toEqual({ windowMs: 3_600_000, throughMs: null, visitors: 0 });
    expect(totalsOf(summary)).toEqual({
      clicks: 0,
      botClicks: 0,
      uniqueVisitors: 0,
      seedReach: 0,
      earnedReach: 0,
      earnedClicks: 0,
      conversions: 0,
      conversionValueMicros: 0,
      conversionValueMicrosByCurrency: {},
    });
    expect(summary).toMatchObject({
      generationClicks: [],
      generationVisitors: [],
      channelClicks: {},
      channelVisitors: {},
      referrers: {},
      days: {},
      recentHours: {},
    });
    expect(summary).toMatchObject({ arrivalClicks: {}, arrivalVisitors: {}, arrivalReshares: {} });
  });
});

describe('storedSummary', () => {
  it('gives a summary stored before arrivals were counted empty arrival counts, keeping everything else', () => {
    const { arrivalClicks: _c, arrivalVisitors: _v, arrivalReshares: _r, ...before } = aSummary({ clicks: 4, channelClicks: { x: 4 } });

    expect(storedSummary(JSON.parse(JSON.stringify(before)))).toEqual(aSummary({ clicks: 4, channelClicks: { x: 4 } }));
  });

  it('keeps the arrival counts of a summary that has them', () => {
    const stored = aSummary({ arrivalClicks: { qr: 2 }, arrivalVisitors: { qr: 1 }, arrivalReshares: { qr: 1 } });

    expect(storedSummary(stored)).toEqual(stored);
  });
});

describe('totalsOf', () => {
  it('copies the totals without sharing the per-currency record', () => {
    const summary = aSummary({ clicks: 3, conversionValueMicrosByCurrency: { EUR: 5 } });

    const totals = totalsOf(summary);
    totals.conversionValueMicrosByCurrency.EUR = 99;

    expect(totals.clicks).toBe(3);
    expect(summary.conversionValueMicrosByCurrency).toEqual({ EUR: 5 });
  });
});

describe('hourOf', () => {
  it('is the ISO start of the UTC hour of an instant, given as ISO text or epoch milliseconds', () => {
    expect(hourOf('2024-06-01T12:59:59.999Z')).toBe('2024-06-01T12:00:00.000Z');
    expect(hourOf(T0 + HOUR + 1)).toBe('2024-06-01T13:00:00.000Z');
  });
});

describe('newlyMatureLinks', () => {
  it('on a summary never settled, lists every re-share link mature at the time, bounds inclusive, and no seed link', () => {
    const work = contentWork(settledAt(null), [
      aStructureLink({ code: 'Seed000001', createdAtMs: T0 - 10 * DAY }),
      reshare('Child00001', T0),
      reshare('Child00002', T0 + 1),
    ]);

    expect(newlyMatureLinks(work, T0 + DAY)).toEqual(['Child00001']);
  });

  it('leaves out the stored links that were already mature when the summary was last settled', () => {
    const work = contentWork(settledAt(T0 + DAY), [reshare('Child00001', T0), reshare('Child00002', T0 + HOUR)]);

    expect(newlyMatureLinks(work, T0 + DAY + HOUR)).toEqual(['Child00002']);
  });

  it('lists a link appended by this run even if it was old enough before: the last settlement did not know it', () => {
    const work = contentWork(settledAt(T0 + 3 * DAY), [reshare('Child00001', T0)]);
    applyEvents(work, [{ kind: 'link', link: aLink({ code: 'Late000001', parent: 'Seed000001', generation: 1, createdAt: new Date(T0).toISOString() }) }]);

    expect(newlyMatureLinks(work, T0 + 3 * DAY)).toEqual(['Late000001']);
  });

  it('lists nothing when no link matured since', () => {
    const work = contentWork(settledAt(T0 + DAY), [reshare('Child00001', T0), reshare('Child00002', T0 + 5 * HOUR)]);

    expect(newlyMatureLinks(work, T0 + DAY + HOUR)).toEqual([]);
  });
});

describe('settleSummary', () => {
  it('adds the unique visitors of the links that matured, from this run’s tally when it has one, else from the stored tallies', () => {
    const work = contentWork(settledAt(T0 + DAY, 10), [reshare('Child00001', T0), reshare('Child00002', T0 + HOUR), reshare('Child00003', T0 + 2 * HOUR)]);
    work.tallies.set('Child00002', tally(4));
    const stored = new Map([
      ['Child00001', tally(100)], // already counted at the last settlement
      ['Child00002', tally(3)], // stale: this run's tally wins
      ['Child00003', tally(5)],
    ]);

    settleSummary(work, T0 + DAY + 2 * HOUR, stored);

    expect(work.summary.mature).toEqual({ windowMs: DAY, throughMs: T0 + DAY + 2 * HOUR, visitors: 19 });
  });

  it('counts a matured link without any tally (never clicked) as 0 visitors', () => {
    const work = contentWork(settledAt(null), [reshare('Child00001', T0)]);

    settleSummary(work, T0 + DAY, new Map());

    expect(work.summary.mature).toEqual({ windowMs: DAY, throughMs: T0 + DAY, visitors: 0 });
  });

  it('never moves the maturity time back', () => {
    const work = contentWork(settledAt(T0 + 2 * DAY, 4), [reshare('Child00001', T0)]);

    settleSummary(work, T0 + DAY, new Map([['Child00001', tally(4)]]));

    expect(work.summary.mature).toEqual({ windowMs: DAY, throughMs: T0 + 2 * DAY, visitors: 4 });
  });

  it(`drops recent hours before UTC midnight ${RECENT_HOURS_DAYS} days before the settlement time, keeping the days`, () => {
    const throughMs = Date.parse('2024-06-20T15:30:00.000Z');
    const hour = { clicks: 1, links: 0, reshares: 0 };
    const work = contentWork(
      aSummary({
        days: { '2024-06-04': hour, '2024-06-05': hour },
        recentHours: { '2024-06-04T23:00:00.000Z': hour, '2024-06-05T00:00:00.000Z': hour, '2024-06-20T15:00:00.000Z': hour },
      }),
      [],
    );

    settleSummary(work, throughMs, new Map());

    expect(Object.keys(work.summary.recentHours)).toEqual(['2024-06-05T00:00:00.000Z', '2024-06-20T15:00:00.000Z']);
    expect(Object.keys(work.summary.days)).toEqual(['2024-06-04', '2024-06-05']);
  });

  // The summary's sum must be what the report would compute from every link's tally (docs/metrics.md, K).
  it('keeps mature.visitors equal to the unique visitors of the re-share links mature at its time, however the events are split into runs', () => {
    const WINDOW = 6 * HOUR;
    // A forest in creation order: each link's parent is an earlier link (or none), its generation one below.
    const forestArb = fc
      .array(fc.record({ parentPick: fc.option(fc.nat(), { nil: null }), afterMs: fc.nat(3 * HOUR) }), { minLength: 1, maxLength: 12 })
      .map((rows) => {
        const links: StructureLink[] = [];
        let createdAtMs = T0;
        rows.forEach(({ parentPick, afterMs }, index) => {
          createdAtMs += afterMs;
          const parent = parentPick === null || index === 0 ? null : (links[parentPick % index] as StructureLink);
          links.push(
            aStructureLink({
              code: `Link${String(index).padStart(6, '0')}`,
              parent: parent?.code ?? null,
              generation: parent ? parent.generation + 1 : 0,
              createdAtMs,
            }),
          );
        });
        return links;
      });
    const caseArb = forestArb.chain((links) =>
      fc.record({
        links: fc.constant(links),
        // Which links ever get their own event (a lost one leaves clicks only), and clicks by visitors of a small pool.
        announced: fc.array(fc.boolean(), { minLength: links.length, maxLength: links.length }),
        clicks: fc.array(fc.record({ link: fc.nat(links.length - 1), visitor: fc.nat(5), bot: fc.boolean(), afterMs: fc.nat(12 * HOUR) }), { maxLength: 40 }),
        // Feed order, then where the feed is cut into runs, and how long after its last event each run ends.
        order: fc.array(fc.nat(), { minLength: 60, maxLength: 60 }),
        cuts: fc.array(fc.nat(60), { maxLength: 8 }),
        slackMs: fc.array(fc.nat(8 * HOUR), { minLength: 10, maxLength: 10 }),
      }),
    );

    fc.assert(
      fc.property(caseArb, ({ links, announced, clicks, order, cuts, slackMs }) => {
        const timed: { atMs: number; event: FeedEvent }[] = [];
        links.forEach((link, index) => {
          if (!announced[index]) return;
          const event: FeedEvent = {
            kind: 'link',
            link: aLink({ code: link.code, parent: link.parent, generation: link.generation, createdAt: new Date(link.createdAtMs).toISOString() }),
          };
          timed.push({ atMs: link.createdAtMs, event });
        });
        for (const click of clicks) {
          const link = links[click.link] as StructureLink;
          const atMs = link.createdAtMs + click.afterMs;
          const made = aClick({
            code: link.code,
            generation: link.generation,
            visitorId: `h_${click.visitor}`,
            bot: click.bot,
            at: new Date(atMs).toISOString(),
          });
          timed.push({ atMs, event: { kind: 'click', click: made, firsts: null } });
        }
        // Mostly in time order, shuffled a little (a click may be read before its link's event).
        const feed = timed
          .map((entry, index) => ({ ...entry, key: entry.atMs + ((order[index % order.length] ?? 0) % 3) * HOUR }))
          .sort((a, b) => a.key - b.key);
        // The visitor marks: a human click is the first of its visitor on its link once.
        const seen = new Set<string>();
        const events = feed.map(({ event }) => {
          if (event.kind !== 'click' || event.click.bot) return event;
          const mark = `${event.click.visitorId} ${event.click.code}`;
          const firsts: VisitorFirsts = { content: false, link: !seen.has(mark), generation: false, channel: false };
          seen.add(mark);
          return { ...event, firsts };
        });

        const bounds = [...new Set([0, ...cuts.map((cut) => Math.min(cut, events.length)), events.length])].sort((a, b) => a - b);
        let summary = emptySummary(WINDOW);
        let structure: StructureLink[] = [];
        const storedTallies = new Map<string, LinkTally>();
        let throughMs = T0;
        for (let step = 0; step + 1 < bounds.length || step === 0; step++) {
          const slice = events.slice(bounds[step], bounds[step + 1] ?? events.length);
          const lastAt = Math.max(throughMs, ...feed.slice(bounds[step], bounds[step + 1] ?? events.length).map((entry) => entry.atMs));
          throughMs = lastAt + (slackMs[step % slackMs.length] ?? 0);
          // One run, as the aggregation does it: load the touched tallies, apply, settle with the matured ones, commit.
          const work = contentWork(structuredClone(summary), [...structure]);
          for (const event of slice) {
            const known = event.kind === 'click' ? storedTallies.get(event.click.code) : undefined;
            if (event.kind === 'click' && known) work.tallies.set(event.click.code, { ...known });
          }
          applyEvents(work, slice);
          const matured = new Map(
            newlyMatureLinks(work, throughMs).flatMap((code) => (work.tallies.has(code) || !storedTallies.has(code) ? [] : [[code, storedTallies.get(code)!]])),
          );
          settleSummary(work, throughMs, matured);
          for (const code of work.changedTallies) storedTallies.set(code, { ...work.tallies.get(code)! });
          summary = work.summary;
          structure = work.links.toArray();

          // The direct computation over the forest known so far.
          const forest = forestFromLinks(structure.map((link) => ({ ...link, uniqueVisitors: storedTallies.get(link.code)?.uniqueVisitors ?? 0 })));
          const { parent } = indexForest(forest.parent, forest.createdAtMs);
          const direct = kParts(parent, forest.generation, forest.createdAtMs, forest.uniqueVisitors, { windowMs: WINDOW, eventsThroughMs: throughMs });
          expect(summary.mature).toEqual({ windowMs: WINDOW, throughMs, visitors: direct.matureVisitors });
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('nextMaturityMs', () => {
  const links = [
    aStructureLink({ code: 'Seed000001', createdAtMs: T0 + 5 * HOUR }),
    reshare('Child00001', T0),
    reshare('Child00002', T0 + 3 * HOUR),
    reshare('Child00003', T0 + 2 * HOUR),
  ];

  it('is when the earliest re-share link not yet mature matures', () => {
    expect(nextMaturityMs({ links: Structure.of(links) }, DAY, T0 + DAY)).toBe(T0 + 2 * HOUR + DAY);
  });

  it('looks past a link maturing exactly at the given time (it is mature already)', () => {
    expect(nextMaturityMs({ links: Structure.of(links) }, DAY, T0 + 2 * HOUR + DAY)).toBe(T0 + 3 * HOUR + DAY);
  });

  it('ignores seed links, which never mature, and is null when every re-share link is mature', () => {
    expect(nextMaturityMs({ links: Structure.of(links) }, DAY, T0 + 3 * HOUR + DAY)).toBeNull();
    expect(nextMaturityMs({ links: Structure.of([aStructureLink({ createdAtMs: T0 })]) }, DAY, T0)).toBeNull();
  });
});
