import type { AggregationDeps } from '../../../shared/aggregation/aggregation-deps.js';
import { contentMap, KeyedMap } from '../../../shared/aggregation/keyed-map.js';
import type { ThresholdDetector } from '../../../shared/aggregation/threshold-detector.js';
import type { LinkTally, StructureLink } from '../../../shared/domain/aggregate/content-aggregate.js';
import { Structure } from '../../../shared/domain/aggregate/structure.js';
import type { Content } from '../../../shared/domain/content.js';
import type { Report } from '../../../shared/domain/report.js';
import type { SeriesCounts } from '../../../shared/domain/series/series-counts.js';
import { unavailable } from '../../../shared/errors.js';
import { FEED_START, type FeedRecord } from '../../../shared/store/activity.js';
import { dayOfHour } from '../../../shared/store/content-parts.js';
import { type ContentHead, type ContentStateStore, emptyHead, type PartsRead } from '../../../shared/store/content-state.js';
import type { FeedCheckpoint, FeedControlStore } from '../../../shared/store/feed-control.js';
import type { MaturityWatch, MaturityWatchStore } from '../../../shared/store/maturity-watch.js';
import type { FirstArrival } from '../../../shared/domain/aggregate/visitor-marks.js';
import type { VisitorMarkStore } from '../../../shared/store/visitor-marks.js';
import { aContent } from '../domain/fixtures.js';
import { at, markNames, WS } from './fixtures.js';

// In-memory fakes of the aggregation's ports, one per port, each keeping the promise its real store
// makes (compare-and-set, if_not_exists) and a log of what a run asked of it. The position-stamped
// slots of the real content state are not re-implemented here: reads answer as of the committed
// state (the slots have their own tests against dynalite).

/** The activity feed: records in position order, read in steps as the real reader does. */
export function fakeFeed(records: readonly FeedRecord[]) {
  const sorted = [...records].sort((a, b) => (a.position < b.position ? -1 : 1));
  const steps: { after: string; until: string; maxEvents: number }[] = [];
  const readFeedStep: AggregationDeps['readFeedStep'] = async (request) => {
    steps.push(request);
    const window = sorted.filter((record) => record.position > request.after && record.position <= request.until);
    const events = window.slice(0, request.maxEvents);
    const complete = events.length === window.length;
    return { events: structuredClone(events), through: complete ? request.until : (events.at(-1)?.position ?? request.until), complete };
  };
  return { readFeedStep, steps };
}

/** The feed checkpoint (compare-and-set on its position), the run lease, and the contents set aside. */
export function fakeFeedControl() {
  const lagging = contentMap<string>();
  let acquisitions = 0;
  const laggingList = () => lagging.keys().map((ref) => ({ ...ref, error: lagging.get(ref) ?? '' }));
  const control = {
    checkpoint: { position: FEED_START, through: null, computedAt: null } as FeedCheckpoint,
    lease: null as { owner: string; expiresAtMs: number } | null,
    /** Makes the lease unavailable from the nth acquisition on (another run took it over). */
    leaseLostAfter: Infinity,
    advances: [] as { from: string; to: FeedCheckpoint }[],
    releases: [] as string[],
    /** The contents set aside, with the error that set each aside. */
    lagging: laggingList,

    async feedCheckpoint(): Promise<FeedCheckpoint> {
      return { ...control.checkpoint };
    },
    async advanceFeedCheckpoint(from, to) {
      if (control.checkpoint.position !== from) return false;
      control.advances.push({ from, to });
      control.checkpoint = { ...to };
      return true;
    },
    async acquireLease(owner, now, ttlMs) {
      acquisitions++;
      if (acquisitions > control.leaseLostAfter) return false;
      if (control.lease && control.lease.owner !== owner && control.lease.expiresAtMs >= now.getTime()) return false;
      control.lease = { owner, expiresAtMs: now.getTime() + ttlMs };
      return true;
    },
    async releaseLease(owner) {
      control.releases.push(owner);
      if (control.lease?.owner === owner) control.lease = null;
    },
    async clearLease() {
      control.lease = null;
    },
    async markLagging(workspaceId, contentId, error) {
      lagging.set({ workspaceId, contentId }, error);
    },
    async laggingContents() {
      return laggingList().map((entry) => ({ ...entry, since: at(0) }));
    },
    async isLagging(workspaceId, contentId) {
      return lagging.has({ workspaceId, contentId });
    },
    async clearLagging(workspaceId, contentId) {
      lagging.delete({ workspaceId, contentId });
    },
  } satisfies FeedControlStore & Record<string, unknown>;
  return control;
}

interface CommittedContent {
  head: ContentHead;
  links: StructureLink[];
  tallies: Map<string, LinkTally>;
  /** Series hours by epoch ms of the UTC hour. */
  hours: Map<number, SeriesCounts>;
}

/** How a content's parts read: missing at its unchanged head, or overtaken by another run's commit. */
export type PartsFault = 'missing' | 'overtaken';

/**
 * A content's committed head and parts; a commit (or reset) applies whole, and only from the head
 * it was based on (else 'raced'). Faults to inject, by content id: `losing` (commits answer
 * 'raced'), `failing` (commits throw a TypeError, a bug), `faulty` (commits throw a store fault),
 * `partsFault` (parts read stale).
 */
export function fakeContentState() {
  const contents = contentMap<CommittedContent>();
  const stored = (workspaceId: string, contentId: string): CommittedContent =>
    contents.get({ workspaceId, contentId }) ?? { head: emptyHead(), links: [], tallies: new Map(), hours: new Map() };
  const ok = <T>(value: T): PartsRead<T> => ({ ok: true, value: structuredClone(value) });

  // A read of a content's parts, unless a fault was injected for it.
  const readParts = <T>(workspaceId: string, contentId: string, read: (content: CommittedContent) => T): PartsRead<T> => {
    const fault = state.partsFault.get(contentId);
    if (fault === 'overtaken') {
      const content = stored(workspaceId, contentId);
      contents.set({ workspaceId, contentId }, { ...content, head: { ...content.head, version: content.head.version + 1 } });
    }
    if (fault) return { ok: false, reason: 'stale' };
    return ok(read(stored(workspaceId, contentId)));
  };

  const state = {
    losing: new Set<string>(),
    failing: new Set<string>(),
    faulty: new Set<string>(),
    partsFault: new Map<string, PartsFault>(),
    /** The content ids of every commit, in order. */
    commits: [] as string[],

    headOf: (contentId: string, workspaceId = WS) => structuredClone(stored(workspaceId, contentId).head),
    summaryOf: (contentId: string, workspaceId = WS) => structuredClone(stored(workspaceId, contentId).head.summary),
    reportOf: (contentId: string, workspaceId = WS) => structuredClone(stored(workspaceId, contentId).head.report),
    linksOf: (contentId: string, workspaceId = WS) => structuredClone(stored(workspaceId, contentId).links),
    tallyOf: (contentId: string, code: string, workspaceId = WS) => stored(workspaceId, contentId).tallies.get(code) ?? null,
    /**
     * Everything a reader can see of a content, less the times that depend on when a run ran (a
     * content's last commit is at the end of the last step holding one of its events).
     */
    aggregateOf(contentId: string, workspaceId = WS) {
      const { head, links, tallies, hours } = structuredClone(stored(workspaceId, contentId));
      const { computedAt: _computedAt, eventsThrough: _eventsThrough, ...report } = head.report ?? ({} as Partial<Report>);
      const summary = head.summary && { ...head.summary, mature: { ...head.summary.mature, throughMs: null } };
      return { summary, report, links, tallies: Object.fromEntries([...tallies].sort()), hours: Object.fromEntries([...hours].sort()) };
    },
    /** Stores a head as the earlier whole-state layout left it. */
    putLegacyHead(contentId: string, workspaceId = WS) {
      contents.set(
        { workspaceId, contentId },
        { head: { ...emptyHead(), version: 7, epoch: 0, legacy: true }, links: [], tallies: new Map(), hours: new Map() },
      );
    },

    async readHead(workspaceId, contentId) {
      return structuredClone(stored(workspaceId, contentId).head);
    },
    async readStructure(workspaceId, contentId) {
      const read = readParts(workspaceId, contentId, (content) => ({
        links: [...content.links],
        sealedIndex: { index: new Map(), size: 0 },
        tail: new Map(),
      }));
      // Wrapped after the copy: a structured clone keeps no class.
      return read.ok ? { ok: true, value: { ...read.value, links: Structure.of(read.value.links) } } : read;
    },
    async readCascadePage(workspaceId, contentId, _head, from, limit) {
      return readParts(workspaceId, contentId, (content) => {
        const links = content.links.slice(from, from + limit);
        const firstAt = new Map<string, number>();
        content.links.forEach((link, i) => firstAt.set(link.code, firstAt.get(link.code) ?? i));
        const children = links.map((): string[] => []);
        content.links.forEach((link, i) => {
          const parent = link.parent === null ? undefined : firstAt.get(link.parent);
          if (parent !== undefined && parent < i) children[parent - from]?.push(link.code);
        });
        return { links, children };
      });
    },
    async readTallies(workspaceId, contentId, _head, codes) {
      const wanted = new Set(codes);
      return readParts(workspaceId, contentId, (content) => ({
        tallies: new Map([...content.tallies].filter(([code]) => wanted.has(code))),
        parts: new Map([...wanted].map((code) => [code, undefined])),
      }));
    },
    async readAllTallies(workspaceId, contentId) {
      return readParts(workspaceId, contentId, (content) => content.tallies);
    },
    async readDays(workspaceId, contentId, _head, days) {
      const wanted = new Set(days);
      return readParts(workspaceId, contentId, (content) => ({
        hours: new Map([...content.hours].filter(([hour]) => wanted.has(dayOfHour(hour)))),
        parts: new Map([...wanted].map((day) => [day, undefined])),
      }));
    },
    async readSeries(workspaceId, contentId, _head, fromDay, toDay) {
      return readParts(
        workspaceId,
        contentId,
        (content) => new Map([...content.hours].filter(([hour]) => dayOfHour(hour) >= fromDay && dayOfHour(hour) <= toDay)),
      );
    },

    async commit(workspaceId, contentId, base, next) {
      if (state.failing.has(contentId)) throw new TypeError(`a bug content ${contentId} triggers`);
      if (state.faulty.has(contentId)) throw unavailable(new Error('throttled'));
      const current = stored(workspaceId, contentId);
      if (state.losing.has(contentId) || current.head.version !== base.version) return 'raced';
      state.commits.push(contentId);
      const tallies = new Map(current.tallies);
      for (const code of next.tallies.changed) {
        const tally = next.tallies.values.get(code);
        if (tally) tallies.set(code, { ...tally });
      }
      const hours = new Map([...current.hours].filter(([hour]) => !next.days.changed.has(dayOfHour(hour))));
      for (const [hour, counts] of next.days.hours) if (next.days.changed.has(dayOfHour(hour))) hours.set(hour, { ...counts });
      const head: ContentHead = {
        version: base.version + 1,
        epoch: base.epoch,
        position: next.position,
        computedAt: next.computedAt,
        eventsThrough: next.eventsThrough,
        links: next.links.length,
        edgeChunks: 0,
        summary: structuredClone(next.summary),
        report: structuredClone(next.report),
        nextMaturityAt: next.nextMaturityAt,
        legacy: false,
      };
      contents.set({ workspaceId, contentId }, { head, links: structuredClone([...next.links]), tallies, hours });
      return 'committed';
    },
    async reset(workspaceId, contentId, base, now) {
      if (stored(workspaceId, contentId).head.version !== base.version) return 'raced';
      const head = { ...emptyHead(), version: base.version + 1, epoch: base.epoch + 1, computedAt: now.toISOString() };
      contents.set({ workspaceId, contentId }, { head, links: [], tallies: new Map(), hours: new Map() });
      return 'committed';
    },
  } satisfies ContentStateStore & Record<string, unknown>;
  return state;
}

/** The contents, as the aggregation looks them up (for their K window and thresholds). */
export function fakeContents(known: readonly Content[]) {
  const contents = contentMap<Content>();
  for (const content of known) contents.set({ workspaceId: content.workspaceId, contentId: content.id }, content);
  return {
    async get(workspaceId: string, contentId: string) {
      return contents.get({ workspaceId, contentId }) ?? null;
    },
  } satisfies AggregationDeps['contents'];
}

/** One marks item per (workspace, visitor, content), each mark and the first arrival set once (if_not_exists). */
export function fakeVisitorMarks() {
  type Item = { marks: Record<string, string>; firstArrival: FirstArrival | null; lastAt: string };
  const items = new KeyedMap<{ workspaceId: string; visitorId: string; contentId: string }, Item>((ref) => [ref.workspaceId, ref.visitorId, ref.contentId]);
  const marks = {
    marking: [] as { visitorId: string; contentId: string; marks: string[]; lastAt: string }[],
    /** Every call in order: which came first, a read of the last touch or a write of marks. */
    calls: [] as string[],

    async mark({ workspaceId, visitorId, contentId, proposals, firstArrival, lastAt }) {
      marks.calls.push(`mark ${visitorId} ${contentId}`);
      marks.marking.push({ visitorId, contentId, marks: Object.keys(proposals), lastAt });
      const item = items.upsert({ workspaceId, visitorId, contentId }, () => ({ marks: {}, firstArrival: null, lastAt: '' }));
      const stored: Record<string, string> = {};
      for (const [mark, clickId] of Object.entries(proposals)) stored[mark] = item.marks[mark] ??= clickId;
      if (firstArrival) item.firstArrival ??= { ...firstArrival };
      item.lastAt = lastAt;
      return stored;
    },
    async firstTouch(workspaceId, visitorId, contentId) {
      marks.calls.push(`firstTouch ${visitorId} ${contentId}`);
      const item = items.get({ workspaceId, visitorId, contentId });
      return { firstTouch: item?.marks[markNames.content()] ?? null, firstArrival: item?.firstArrival ? { ...item.firstArrival } : null };
    },
    /** Sets a visitor's marks as an earlier run (or an earlier release, without `firstArrival`) left them. */
    preset(ref: { workspaceId: string; visitorId: string; contentId: string }, stored: Partial<Item>) {
      items.set(ref, { marks: {}, firstArrival: null, lastAt: '', ...stored });
    },
    async lastTouch(workspaceId, visitorId) {
      marks.calls.push(`lastTouch ${visitorId}`);
      let latest: { contentId: string; at: string } | null = null;
      for (const [ref, item] of items.entries()) {
        if (ref.workspaceId !== workspaceId || ref.visitorId !== visitorId) continue;
        if (!latest || item.lastAt > latest.at) latest = { contentId: ref.contentId, at: item.lastAt };
      }
      return latest;
    },
  } satisfies Pick<VisitorMarkStore, 'mark' | 'lastTouch' | 'firstTouch'> & Record<string, unknown>;
  return marks;
}

/** A visitor conversion's content, fixed the first time it is attributed. */
export function fakeConversions() {
  const attributed = new KeyedMap<{ workspaceId: string; externalId: string }, string>((ref) => [ref.workspaceId, ref.externalId]);
  const conversions = {
    attributions: [] as { externalId: string; contentId: string }[],
    async attribute(workspaceId: string, externalId: string, contentId: string) {
      conversions.attributions.push({ externalId, contentId });
      return attributed.upsert({ workspaceId, externalId }, () => contentId);
    },
  } satisfies AggregationDeps['conversions'] & Record<string, unknown>;
  return conversions;
}

/** Contents to look at again when a re-share link matures, due in time order. */
export function fakeMaturityWatch() {
  const entries = new KeyedMap<MaturityWatch, true>((entry) => [entry.dueAt, entry.workspaceId, entry.contentId]);
  const inTimeOrder = () => entries.keys().sort((a, b) => (a.dueAt < b.dueAt ? -1 : 1));
  const watch = {
    entries: inTimeOrder,
    async watch(entry) {
      entries.set({ ...entry }, true);
    },
    async due(through) {
      return inTimeOrder().filter((entry) => entry.dueAt <= through);
    },
    async done(entry) {
      entries.delete(entry);
    },
  } satisfies MaturityWatchStore & Record<string, unknown>;
  return watch;
}

/** The webhook thresholds: records each report it was asked to check. */
export function fakeThresholds() {
  const thresholds = {
    runs: 0,
    evaluated: [] as { contentId: string; report: Report }[],
    startRun() {
      thresholds.runs++;
    },
    async evaluate({ content, report }) {
      thresholds.evaluated.push({ contentId: content.id, report: structuredClone(report) });
    },
  } satisfies ThresholdDetector & Record<string, unknown>;
  return thresholds;
}

/**
 * Every port of a run over one feed, and the deps wired to them. Each content with a link in the
 * feed exists, with a K window of a day unless `windows` says otherwise (seconds, by content id).
 */
export function fakeWorld(records: readonly FeedRecord[], options: { now?: Date; windows?: Record<string, number> } = {}) {
  const feed = fakeFeed(records);
  const known = contentMap<Content>();
  for (const record of records) {
    if (record.type !== 'link') continue;
    const { workspaceId, contentId } = record.link;
    known.set({ workspaceId, contentId }, aContent({ id: contentId, workspaceId, kWindowSeconds: options.windows?.[contentId] ?? 86_400 }));
  }
  const world = {
    feed,
    control: fakeFeedControl(),
    state: fakeContentState(),
    contents: fakeContents(known.values()),
    marks: fakeVisitorMarks(),
    conversions: fakeConversions(),
    maturityWatch: fakeMaturityWatch(),
    thresholds: fakeThresholds(),
  };
  const deps: AggregationDeps = {
    readFeedStep: feed.readFeedStep,
    control: world.control,
    state: world.state,
    contents: world.contents,
    marks: world.marks,
    markNames,
    conversions: world.conversions,
    thresholds: world.thresholds,
    maturityWatch: world.maturityWatch,
    clock: () => options.now ?? new Date(at(3600)),
    settings: { lagMs: 10_000, maxEventsPerStep: 1000, leaseMs: 60_000, visitorConcurrency: 4, contentConcurrency: 2 },
  };
  const withSettings = (settings: Partial<AggregationDeps['settings']>): AggregationDeps => ({ ...deps, settings: { ...deps.settings, ...settings } });
  return {
    world: {
      ...world,
      summaryOf: world.state.summaryOf,
      reportOf: world.state.reportOf,
      linksOf: world.state.linksOf,
      tallyOf: world.state.tallyOf,
      headOf: world.state.headOf,
      aggregateOf: world.state.aggregateOf,
    },
    deps,
    withSettings,
  };
}
