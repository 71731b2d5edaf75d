import { forEachLimit } from '../../../shared/concurrency.js';
import { bucketBoundaries, previousPeriod, type SeriesRange, seriesBuckets } from '../../../shared/domain/series/buckets.js';
import { addCounts, type SeriesCounts } from '../../../shared/domain/series/series-counts.js';
import { seriesCsv } from '../../../shared/domain/series/series-csv.js';
import { resolveSeriesQuery, type SeriesQuery } from '../../../shared/domain/series/series-query.js';
import { formatInstant } from '../../../shared/domain/series/zoned-time.js';
import { type HttpEvent, header } from '../../../shared/http/event.js';
import { csv, json } from '../../../shared/http/responses.js';
import { contentIdParam } from './path.js';
import { requireCampaign, requireContent } from './lookups.js';
import { latest, prefersCsv } from './reports.js';
import type { Operation } from './types.js';

// GET …/series: hourly tallies kept for the content's whole life, bucketed by hour, day, week or
// month in the asker's time zone (docs/api.md, "Series"). Reads only the series days the range covers.
export const contentSeries: Operation = async ({ event, workspaceId, now }, deps) => {
  const content = await requireContent(deps, workspaceId, contentIdParam(event));
  const query = resolveSeriesQuery(event.queryStringParameters ?? {}, now);
  const [fromDay, toDay] = utcDays(query);
  const { state, hours } = await deps.reader.series(workspaceId, content.id, fromDay, toDay);
  const meta = { contentId: content.id, campaign: content.campaign, computedAt: state.computedAt, eventsThrough: state.eventsThrough };
  return respond(event, query, meta, hours, `series-${content.id}`);
};

export const campaignSeries: Operation = async ({ event, workspaceId, now }, deps) => {
  const query = resolveSeriesQuery(event.queryStringParameters ?? {}, now);
  const { campaign, contents } = await requireCampaign(deps, workspaceId, event);
  const [fromDay, toDay] = utcDays(query);
  const hours = new Map<number, SeriesCounts>();
  const through: (string | null)[] = [];
  let computedAt: string | null = null;
  await forEachLimit(contents, 8, async (content) => {
    const series = await deps.reader.series(workspaceId, content.id, fromDay, toDay);
    through.push(series.state.eventsThrough);
    computedAt = latest(computedAt, series.state.computedAt);
    for (const [hour, counts] of series.hours) {
      const sum = hours.get(hour);
      if (sum) addCounts(sum, counts);
      else hours.set(hour, { ...counts });
    }
  });
  // Every content is complete up to the earliest of their times.
  const eventsThrough = through.includes(null) ? null : ((through as string[]).sort()[0] ?? null);
  return respond(event, query, { campaign, contents: contents.length, computedAt, eventsThrough }, hours, `series-${campaign}`);
};

// The UTC days whose hours the buckets (and the previous period's) can hold.
function utcDays(query: SeriesQuery): [string, string] {
  const ranges: SeriesRange[] = query.compare ? [previousPeriod(query), query] : [query];
  const edges = ranges.flatMap((range) => {
    const boundaries = bucketBoundaries(range);
    return [boundaries[0] ?? range.fromMs, boundaries.at(-1) ?? range.toMs];
  });
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return [day(Math.min(...edges)), day(Math.max(...edges) - 1)];
}

function respond(event: HttpEvent, query: SeriesQuery, meta: Record<string, unknown>, hours: ReadonlyMap<number, SeriesCounts>, filename: string) {
  const buckets = seriesBuckets(hours, query);
  const previous = query.compare ? seriesBuckets(hours, previousPeriod(query)) : undefined;
  const wantsCsv = query.format === 'csv' || (query.format === undefined && prefersCsv(header(event, 'accept')));
  if (wantsCsv) return csv(seriesCsv(buckets, previous), filename);
  const range = { from: formatInstant(query.tz, query.fromMs), to: formatInstant(query.tz, query.toMs), interval: query.interval, tz: query.tz };
  return json(200, { ...meta, ...range, buckets, ...(previous ? { previous } : {}) });
}
