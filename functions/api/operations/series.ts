import { campaignTimes, type ContentState } from '../../../shared/aggregation/content-state-reader.js';
import { forEachLimit } from '../../../shared/concurrency.js';
import { bucketEnd, bucketStart, previousPeriod, type SeriesRange, seriesBuckets } from '../../../shared/domain/series/buckets.js';
import { addCounts, type SeriesCounts } from '../../../shared/domain/series/series-counts.js';
import { seriesCsv } from '../../../shared/domain/series/series-csv.js';
import { resolveSeriesQuery, type SeriesQuery } from '../../../shared/domain/series/series-query.js';
import { formatInstant } from '../../../shared/domain/series/zoned-time.js';
import { type HttpEvent, header } from '../../../shared/http/event.js';
import { csv, json } from '../../../shared/http/responses.js';
import { contentIdParam } from './path.js';
import { requireCampaign, requireContent } from './lookups.js';
import { prefersCsv } from './reports.js';
import type { Operation } from './types.js';

// GET …/series: hourly tallies kept for the content's whole life, bucketed by hour, day, week or
// month in the asker's time zone (docs/metrics.md, "Series"). Reads only the series days the range covers.
export const contentSeries: Operation = async ({ event, workspaceId, now }, deps) => {
  const content = await requireContent(deps, workspaceId, contentIdParam(event));
  const query = resolveSeriesQuery(event.queryStringParameters ?? {}, now);
  const previous = query.compare ? previousPeriod(query) : null;
  const [fromDay, toDay] = utcDays(query, previous);
  const { state, hours } = await deps.reader.series(workspaceId, content.id, fromDay, toDay);
  const meta = { contentId: content.id, campaign: content.campaign, computedAt: state.computedAt, eventsThrough: state.eventsThrough };
  return respond(event, query, previous, meta, hours, `series-${content.id}`);
};

export const campaignSeries: Operation = async ({ event, workspaceId, now }, deps) => {
  const query = resolveSeriesQuery(event.queryStringParameters ?? {}, now);
  const { campaign, contents } = await requireCampaign(deps, workspaceId, event);
  const previous = query.compare ? previousPeriod(query) : null;
  const [fromDay, toDay] = utcDays(query, previous);
  const hours = new Map<number, SeriesCounts>();
  const states: ContentState[] = [];
  await forEachLimit(contents, 8, async (content) => {
    const series = await deps.reader.series(workspaceId, content.id, fromDay, toDay);
    states.push(series.state);
    for (const [hour, counts] of series.hours) {
      const sum = hours.get(hour);
      if (sum) addCounts(sum, counts);
      else hours.set(hour, { ...counts });
    }
  });
  return respond(event, query, previous, { campaign, contents: contents.length, ...campaignTimes(states) }, hours, `series-${campaign}`);
};

// The UTC days whose hours the buckets (and the previous period's) can hold: from the start of the
// bucket holding the earliest instant to the end of the one holding the last.
function utcDays(query: SeriesQuery, previous: SeriesRange | null): [string, string] {
  const first = bucketStart(previous?.fromMs ?? query.fromMs, query.interval, query.tz);
  const end = bucketEnd(bucketStart(query.toMs - 1, query.interval, query.tz), query.interval, query.tz);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return [day(first), day(end - 1)];
}

function respond(
  event: HttpEvent,
  query: SeriesQuery,
  previousRange: SeriesRange | null,
  meta: Record<string, unknown>,
  hours: ReadonlyMap<number, SeriesCounts>,
  filename: string,
) {
  const buckets = seriesBuckets(hours, query);
  const previous = previousRange ? seriesBuckets(hours, previousRange) : undefined;
  const wantsCsv = query.format === 'csv' || (query.format === undefined && prefersCsv(header(event, 'accept')));
  if (wantsCsv) return csv(seriesCsv(buckets, previous), filename);
  const range = { from: formatInstant(query.tz, query.fromMs), to: formatInstant(query.tz, query.toMs), interval: query.interval, tz: query.tz };
  return json(200, { ...meta, ...range, buckets, ...(previous ? { previous } : {}) });
}
