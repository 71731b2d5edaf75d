import type { LinkTally } from '../domain/aggregate/content-aggregate.js';
import { emptySummary, storedSummary } from '../domain/aggregate/content-summary.js';
import { LinkIndex } from '../domain/aggregate/link-index.js';
import { type CascadeNode, type CascadeShape, pageShapes, treeShapes, withCounts } from '../domain/cascade-tree.js';
import type { Content } from '../domain/content.js';
import { emptyReportParts, finalizeReport, type MatureVisitorsSource, type Report, type ReportParts, reportParts } from '../domain/report.js';
import type { SeriesCounts } from '../domain/series/series-counts.js';
import { unavailable } from '../errors.js';
import type { FeedPosition } from '../store/activity.js';
import type { ContentHead, ContentStateStore, PartsRead } from '../store/content-state.js';
import type { FeedControlStore } from '../store/feed-control.js';

// The one read model of a content's aggregate: how current it is, and its report, cascade, link
// tallies and series as of its own head. Every reader — report, campaign report, cascade, live link
// counts, series — goes through here, so they agree on `eventsThrough`.

export interface ContentState {
  head: ContentHead;
  /** Every event of this content up to here is in the aggregate: a live count adds the raw tail after it. */
  position: FeedPosition;
  eventsThrough: string | null;
  computedAt: string | null;
  /** Set aside after a failure, or being rebuilt: complete only up to its own head. */
  lagging: boolean;
}

/** A page of the cascade: positions `from` to `from + limit`, of one link's tree with `root`. */
export interface CascadePageQuery {
  root?: string;
  from: number;
  limit: number;
}

/** A K window for a report: seconds, 'all', or the content's own (undefined). */
export type ReportWindow = number | 'all' | undefined;

export interface ContentStateReader {
  state(workspaceId: string, contentId: string): Promise<ContentState>;
  report(content: Content, window: ReportWindow): Promise<Report>;
  /** A content's additive report parts, for a campaign to sum. */
  reportParts(content: Content, window: ReportWindow): Promise<{ parts: ReportParts; state: ContentState; windowSeconds: number | null }>;
  cascade(content: Content, page: CascadePageQuery): Promise<{ state: ContentState; nodes: CascadeNode[]; total: number }>;
  linkTally(workspaceId: string, contentId: string, code: string): Promise<{ tally: LinkTally; position: FeedPosition }>;
  series(workspaceId: string, contentId: string, fromDay: string, toDay: string): Promise<{ state: ContentState; hours: Map<number, SeriesCounts> }>;
}

const ATTEMPTS = 3;

export function makeContentStateReader(deps: {
  state: ContentStateStore;
  control: Pick<FeedControlStore, 'feedCheckpoint' | 'isLagging'>;
}): ContentStateReader {
  const readState = async (workspaceId: string, contentId: string): Promise<ContentState> => {
    const [head, feed, lagging] = await Promise.all([
      deps.state.readHead(workspaceId, contentId),
      deps.control.feedCheckpoint(),
      deps.control.isLagging(workspaceId, contentId),
    ]);
    if (lagging || head.legacy) return { head, position: head.position, eventsThrough: head.eventsThrough, computedAt: head.computedAt, lagging: true };
    // A content the last runs did not touch had no events: it is complete up to the feed checkpoint,
    // unless a re-share link matured since its report (the next run's maturity pass refreshes it).
    const matured = head.nextMaturityAt !== null && feed.through !== null && head.nextMaturityAt <= feed.through;
    return {
      head,
      position: head.position > feed.position ? head.position : feed.position,
      eventsThrough: matured ? head.eventsThrough : latest(head.eventsThrough, feed.through),
      computedAt: latest(head.computedAt, feed.computedAt),
      lagging: false,
    };
  };

  // Parts are read as of the head; when commits moved on under the read, read the head again.
  const withParts = async <T>(workspaceId: string, contentId: string, read: (state: ContentState) => Promise<PartsRead<T>>) => {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const state = await readState(workspaceId, contentId);
      const parts = await read(state);
      if (parts.ok) return { state, value: parts.value };
    }
    throw unavailable(new Error(`content ${contentId} kept changing under ${ATTEMPTS} reads`));
  };

  // A page of the whole cascade reads only its own chunks and its parents' edges; one link's tree
  // (`root`) is found in the whole structure.
  const cascadeShapes = async (content: Content, head: ContentHead, page: CascadePageQuery): Promise<PartsRead<{ onPage: CascadeShape[]; total: number }>> => {
    if (page.root === undefined) {
      const read = await deps.state.readCascadePage(content.workspaceId, content.id, head, page.from, page.limit);
      if (!read.ok) return read;
      return { ok: true, value: { onPage: pageShapes(read.value.links, read.value.children), total: head.links } };
    }
    const structure = await deps.state.readStructure(content.workspaceId, content.id, head);
    if (!structure.ok) return structure;
    const tree = treeShapes(structure.value.links, page.root);
    return { ok: true, value: { onPage: tree.slice(page.from, page.from + page.limit), total: tree.length } };
  };

  const partsFor = async (content: Content, window: ReportWindow) => {
    const windowSeconds = window === 'all' ? null : (window ?? content.kWindowSeconds);
    const { state, value } = await withParts(content.workspaceId, content.id, async (current) => {
      const structure = await deps.state.readStructure(content.workspaceId, content.id, current.head);
      if (!structure.ok) return structure;
      const summary = current.head.summary ? storedSummary(current.head.summary) : emptySummary(content.kWindowSeconds * 1000);
      const own = windowSeconds !== null && windowSeconds * 1000 === summary.mature.windowMs;
      // The content's own window is settled in the summary as of its head (no link matured since);
      // any other window needs every link's visitors.
      const eventsThroughMs = own ? (summary.mature.throughMs ?? 0) : Date.parse(current.eventsThrough ?? new Date(0).toISOString());
      let visitors: MatureVisitorsSource = { kind: 'summary' };
      if (!own) {
        const tallies = await deps.state.readAllTallies(content.workspaceId, content.id, current.head);
        if (!tallies.ok) return tallies;
        visitors = { kind: 'perLink', uniqueVisitors: new Map([...tallies.value].map(([code, tally]) => [code, tally.uniqueVisitors])) };
      }
      const window = { windowMs: windowSeconds === null ? null : windowSeconds * 1000, eventsThroughMs };
      const { links, sealedIndex } = structure.value;
      return { ok: true as const, value: reportParts(links, summary, window, visitors, LinkIndex.over(links, sealedIndex)) };
    });
    return { parts: value, state, windowSeconds };
  };

  return {
    state: readState,

    async report(content, window) {
      const state = await readState(content.workspaceId, content.id);
      const own = window === undefined || window === content.kWindowSeconds;
      const meta = { computedAt: state.computedAt, eventsThrough: state.eventsThrough };
      if (own && state.head.report && hasChannelSpread(state.head.report)) return { ...withArrivals(state.head.report), ...meta };
      // Before the first aggregation: zeros.
      if (own && !state.head.summary) return finalizeReport(emptyReportParts(), { ...meta, kWindowSeconds: content.kWindowSeconds });
      const { parts, windowSeconds } = await partsFor(content, window);
      return finalizeReport(parts, { ...meta, kWindowSeconds: windowSeconds });
    },

    reportParts: partsFor,

    async cascade(content, page) {
      const { state, value } = await withParts(content.workspaceId, content.id, async (current) => {
        const shapes = await cascadeShapes(content, current.head, page);
        if (!shapes.ok) return shapes;
        const { onPage, total } = shapes.value;
        const tallies = await deps.state.readTallies(
          content.workspaceId,
          content.id,
          current.head,
          onPage.map((shape) => shape.code),
        );
        if (!tallies.ok) return tallies;
        return { ok: true as const, value: { nodes: withCounts(onPage, tallies.value.tallies), total } };
      });
      return { state, ...value };
    },

    async linkTally(workspaceId, contentId, code) {
      const { state, value } = await withParts(workspaceId, contentId, (current) => deps.state.readTallies(workspaceId, contentId, current.head, [code]));
      return { tally: value.tallies.get(code) ?? { clicks: 0, botClicks: 0, uniqueVisitors: 0 }, position: state.position };
    },

    async series(workspaceId, contentId, fromDay, toDay) {
      const { state, value } = await withParts(workspaceId, contentId, (current) =>
        deps.state.readSeries(workspaceId, contentId, current.head, fromDay, toDay),
      );
      return { state, hours: value };
    },
  };
}

// A report stored before the channels' downstream spread existed (docs/metrics.md, "Breakdowns")
// lacks it: recomputed from the parts rather than served with rows missing fields.
function hasChannelSpread(report: Report): boolean {
  return report.channels.every((row: Partial<Report['channels'][number]>) => row.downstreamLinks !== undefined && row.deepestSpread !== undefined);
}

// A report stored before arrivals were counted (docs/metrics.md, "Arrivals") lacks them, and so does
// the summary it was computed from: it has none to show.
function withArrivals(report: Report): Report {
  return (report as Partial<Report>).arrivals ? report : { ...report, arrivals: [] };
}

/** How current a campaign is: complete up to the earliest of its contents' times, computed at the latest. */
export function campaignTimes(states: readonly Pick<ContentState, 'eventsThrough' | 'computedAt'>[]): {
  eventsThrough: string | null;
  computedAt: string | null;
} {
  const through = states.map((state) => state.eventsThrough);
  const complete = through.every((at): at is string => at !== null);
  return {
    eventsThrough: complete ? ([...through].sort()[0] ?? null) : null,
    computedAt: states.reduce<string | null>((at, state) => latest(at, state.computedAt), null),
  };
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
