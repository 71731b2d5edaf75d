import { describe, expect, it } from 'vitest';
import { applyEvents, contentWork, type FeedEvent } from '../../../shared/domain/aggregate/content-aggregate.js';
import { emptySummary, settleSummary } from '../../../shared/domain/aggregate/content-summary.js';
import { contentReport } from '../../../shared/domain/report.js';
import { ContentHeadTooLarge, emptyHead, headItem, headOf } from '../../../shared/store/content-head.js';
import { aClick, aLink, at } from '../aggregation/fixtures.js';

// A chain `depth` links deep, each clicked once (a visitor per link), settled and reported a day later.
function chain(depth: number) {
  const work = contentWork(emptySummary(3_600_000), []);
  const events: FeedEvent[] = [];
  for (let g = 0; g < depth; g++) {
    const code = `Chain${String(g).padStart(5, '0')}`;
    const parent = g === 0 ? null : `Chain${String(g - 1).padStart(5, '0')}`;
    events.push({ kind: 'link', link: aLink({ code, parent, generation: g, createdAt: at(g) }) });
    events.push({
      kind: 'click',
      click: aClick({ code, generation: g, visitorId: `h_${String(g).padStart(22, '0')}`, at: at(g + 1) }),
      firsts: { content: true, link: true, generation: true, channel: true },
    });
  }
  applyEvents(work, events);
  const through = at(depth + 86_400);
  settleSummary(work, Date.parse(through), work.tallies);
  const { report } = contentReport(work.links, work.summary, { computedAt: through, eventsThrough: through });
  return { work, report, through };
}

describe('a content head as stored', () => {
  it('reads back the summary and the report its commit computed, per-generation rows included', () => {
    const { work, report, through } = chain(300);

    const item = headItem(
      'ws_one',
      'cnt_chain',
      emptyHead(),
      {
        position: `${through}#x`,
        computedAt: through,
        eventsThrough: through,
        summary: work.summary,
        report,
        nextMaturityAt: null,
        links: work.links,
      },
      0,
    );
    const head = headOf(item);

    expect(head.summary).toEqual(work.summary);
    expect(head.report).toEqual(report);
    expect(report.perGeneration).toHaveLength(300);
    expect(head).toMatchObject({ version: 1, links: 300, legacy: false });
  });

  it('does not store the per-generation rows twice: a deep chain stays small', () => {
    const { work, report, through } = chain(5_000);
    const item = headItem(
      'ws_one',
      'cnt_deep',
      emptyHead(),
      { position: 'p', computedAt: through, eventsThrough: through, summary: work.summary, report, nextMaturityAt: null, links: work.links },
      0,
    );

    expect((item.report as Uint8Array).byteLength).toBeLessThan(4_000);
    expect(headOf(item).report?.perGeneration).toEqual(report.perGeneration);
  });

  it('refuses a head past 350 KB rather than cut it', () => {
    const { work, report, through } = chain(3);
    const huge = {
      ...work.summary,
      referrers: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`h${i}-${Math.random().toString(36)}.example`, i])),
    };

    expect(() =>
      headItem(
        'ws_one',
        'cnt_big',
        emptyHead(),
        { position: 'p', computedAt: through, eventsThrough: through, summary: huge, report, nextMaturityAt: null, links: [] },
        0,
      ),
    ).toThrow(ContentHeadTooLarge);
  });
});
