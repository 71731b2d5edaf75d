import { describe, expect, it } from 'vitest';
import { makeContentStateReader } from '../../../shared/aggregation/content-state-reader.js';
import { runAggregation } from '../../../shared/aggregation/run-aggregation.js';
import type { Link } from '../../../shared/domain/link.js';
import type { FeedRecord } from '../../../shared/store/activity.js';
import type { ContentHead, ContentStateStore } from '../../../shared/store/content-state.js';
import { aContent } from '../domain/fixtures.js';
import { fakeWorld } from './fakes.js';
import { aLink, at, CONTENT, WS } from './fixtures.js';

// The report the API serves for a content's own K window: the one stored in its head, unless that
// was stored before a field of the report existed.

const linkRecord = (link: Link): FeedRecord => ({ position: `${link.createdAt}#${link.code}`, type: 'link', link });

// SeedX00001 (x) ─ ChildX0001 (x) ─ GrandX0001 (no channel);  SeedY00001 (y).
const feed = (): FeedRecord[] => [
  linkRecord(aLink({ code: 'SeedX00001', channel: 'x', createdAt: at(1) })),
  linkRecord(aLink({ code: 'SeedY00001', channel: 'y', createdAt: at(2) })),
  linkRecord(aLink({ code: 'ChildX0001', parent: 'SeedX00001', rootCode: 'SeedX00001', generation: 1, channel: 'x', createdAt: at(3) })),
  linkRecord(aLink({ code: 'GrandX0001', parent: 'ChildX0001', rootCode: 'SeedX00001', generation: 2, createdAt: at(4) })),
];

/** A head as an aggregation before the channels' downstream spread stored it: rows without those fields. */
function storedBeforeSpread(head: ContentHead): ContentHead {
  if (!head.report) return head;
  const channels = head.report.channels.map(({ downstreamLinks: _links, deepestSpread: _depth, ...row }) => row);
  return { ...head, report: { ...head.report, channels: channels as typeof head.report.channels } };
}

/** A head as an aggregation before arrivals stored it: no arrival counts in its summary or report. */
function storedBeforeArrivals(head: ContentHead): ContentHead {
  if (!head.report || !head.summary) return head;
  const { arrivals: _report, ...report } = head.report;
  const { arrivalClicks: _c, arrivalVisitors: _v, arrivalReshares: _r, ...summary } = head.summary;
  return { ...head, report: report as typeof head.report, summary: summary as typeof head.summary };
}

async function aggregatedReader(rewriteHead: (head: ContentHead) => ContentHead = (head) => head) {
  const { world, deps } = fakeWorld(feed());
  await runAggregation(deps, { until: new Date(at(100)) });
  const structureReads: string[] = [];
  const state: ContentStateStore = {
    ...world.state,
    readHead: async (workspaceId, contentId) => rewriteHead(await world.state.readHead(workspaceId, contentId)),
    readStructure: async (workspaceId, contentId) => {
      structureReads.push(contentId);
      return world.state.readStructure(workspaceId, contentId);
    },
  };
  const reader = makeContentStateReader({ state, control: world.control });
  return { reader, structureReads, stored: world.reportOf(CONTENT) };
}

const content = aContent({ id: CONTENT, workspaceId: WS, kWindowSeconds: 86_400 });

describe('ContentStateReader.report: the stored report', () => {
  it('serves the report stored in the head as it is, reading no structure', async () => {
    const { reader, structureReads, stored } = await aggregatedReader();

    const report = await reader.report(content, undefined);

    expect(structureReads).toEqual([]);
    expect(report.channels).toEqual(stored?.channels);
  });

  it('recomputes a report stored before the channels’ downstream spread, so no row lacks it', async () => {
    const { reader, structureReads, stored } = await aggregatedReader(storedBeforeSpread);

    const report = await reader.report(content, undefined);

    expect(structureReads).toEqual([CONTENT]);
    expect(report.channels).toEqual([
      { channel: 'x', links: 2, clicks: 0, uniqueVisitors: 0, reshares: 2, downstreamLinks: 2, deepestSpread: 2 },
      { channel: 'y', links: 1, clicks: 0, uniqueVisitors: 0, reshares: 0, downstreamLinks: 0, deepestSpread: 0 },
      { channel: null, links: 1, clicks: 0, uniqueVisitors: 0, reshares: 0, downstreamLinks: 0, deepestSpread: 0 },
    ]);
    const { computedAt: _a, eventsThrough: _b, ...recomputed } = report;
    const { computedAt: _c, eventsThrough: _d, ...current } = stored ?? report;
    expect(recomputed).toEqual(current);
  });

  it('serves a report stored before arrivals with none, reading no structure (its summary counted none either)', async () => {
    const { reader, structureReads } = await aggregatedReader(storedBeforeArrivals);

    const report = await reader.report(content, undefined);

    expect(structureReads).toEqual([]);
    expect(report.arrivals).toEqual([]);
  });

  it('computes another window over a summary stored before arrivals, its arrivals empty', async () => {
    const { reader } = await aggregatedReader(storedBeforeArrivals);

    const { parts } = await reader.reportParts(content, 'all');

    expect(parts.arrivals).toEqual({});
  });
});
