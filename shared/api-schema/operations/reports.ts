import { cascadeQuery, reportQuery } from '../../../functions/api/operations/reports.js';
import { seriesQuery } from '../../domain/series/series-query.js';
import { jsonAnswer, jsonOrCsvAnswer } from '../answers.js';
import {
  campaignReportCsvExample,
  campaignReportExample,
  campaignSeriesExample,
  cascadePageExample,
  contentReportExample,
  contentSeriesExample,
  reportCsvExample,
  seriesCsvExample,
} from '../examples.js';
import { campaignReport, campaignSeries, cascadePage, contentReport, contentSeries } from '../metrics.js';
import type { OperationDocs } from '../operation-doc.js';
import { campaignPath, contentPath } from '../parameters.js';
import { queryParameters } from '../schema-kit.js';

const REPORT_QUERY = queryParameters(reportQuery, {
  kWindow:
    'The K window: `all` (every link mature, every child counted), or seconds from 1 to a year. Default: the content\u2019s `kWindowSeconds`, whose report the aggregation stores; another window is computed on request.',
  format: '`csv` for CSV, `json` for JSON whatever `Accept` says; without it, the `Accept` header decides.',
});

const SERIES_QUERY = queryParameters(seriesQuery, {
  from: 'Start: a date-time with its offset (`2026-03-29T00:00:00+02:00`, `…Z`) or a date, meaning local midnight in `tz`. Default: 30 local days before `to`.',
  to: 'End (exclusive), as `from`; a date is local midnight, so `from=2026-03-01&to=2026-04-01` is March. Default: now.',
  interval: 'Bucket size; at most 10,000 buckets.',
  tz: 'An IANA time zone: buckets start on its local midnights and Mondays, DST-correct.',
  compare: '`previous` adds the same-length period before, as `previous`.',
  format: '`csv` for CSV, `json` for JSON; without it, the `Accept` header decides.',
});

const SERIES_CSV =
  'One bucket a row: `start,end,clicks,botClicks,newVisitors,links,reshares,conversions,conversionValue` (with `compare`, `previous_…` columns).';

export const reportOperations: OperationDocs<
  | 'GET /v1/contents/{id}/report'
  | 'GET /v1/contents/{id}/cascade'
  | 'GET /v1/campaigns/{campaign}/report'
  | 'GET /v1/contents/{id}/series'
  | 'GET /v1/campaigns/{campaign}/series'
> = {
  'GET /v1/contents/{id}/report': {
    operationId: 'contentReport',
    tag: 'Reports',
    summary: 'A content\u2019s viral report',
    description:
      'K-factor and its parts, cascade shape, reach, conversions and breakdowns (docs/metrics.md), as of the last aggregation (at most one interval behind). Before the first aggregation: zeros and `computedAt: null`. A share token of this content may read it too.',
    path: contentPath,
    query: REPORT_QUERY,
    responses: { 200: jsonOrCsvAnswer('The report.', contentReport, contentReportExample, reportCsvExample) },
    errors: ['validation_error', 'not_found', 'unavailable'],
  },
  'GET /v1/contents/{id}/cascade': {
    operationId: 'contentCascade',
    tag: 'Reports',
    summary: 'A content\u2019s cascade tree',
    description:
      'The forest of its links as flat nodes in breadth-first order (a parent before its children), with each node\u2019s clicks and visitors, a page at a time: the cursor is a position in that order, stable between the pages of one aggregation. A share token of this content may read it too.',
    path: contentPath,
    query: queryParameters(cascadeQuery, {
      root: 'Only the tree under this link (404 if it has not been aggregated).',
      limit: 'Nodes per page, 1\u20135,000.',
      cursor: 'The `nextCursor` of the previous page.',
    }),
    responses: { 200: jsonAnswer('A page of the forest.', cascadePage, cascadePageExample) },
    errors: ['validation_error', 'not_found', 'unavailable'],
  },
  'GET /v1/campaigns/{campaign}/report': {
    operationId: 'campaignReport',
    tag: 'Reports',
    summary: 'A campaign\u2019s report',
    description:
      'The same metrics over every content of the campaign: counts summed, ratios recomputed from the sums; structural virality weighted by tree size. A campaign with no content is a 404.',
    path: campaignPath,
    query: REPORT_QUERY,
    responses: { 200: jsonOrCsvAnswer('The campaign\u2019s report.', campaignReport, campaignReportExample, campaignReportCsvExample) },
    errors: ['validation_error', 'not_found', 'unavailable'],
  },
  'GET /v1/contents/{id}/series': {
    operationId: 'contentSeries',
    tag: 'Series',
    summary: 'A content\u2019s tallies over time',
    description: `Clicks, bot clicks, new visitors, links, re-shares and conversions per hour, day, week or month of a time zone, kept hourly for the content\u2019s whole life. A range ending before it starts, over 10,000 buckets, or an unknown zone is a 400 saying what is allowed. ${SERIES_CSV} A share token of this content may read it too.`,
    path: contentPath,
    query: SERIES_QUERY,
    responses: { 200: jsonOrCsvAnswer('The series.', contentSeries, contentSeriesExample, seriesCsvExample) },
    errors: ['validation_error', 'not_found', 'unavailable'],
  },
  'GET /v1/campaigns/{campaign}/series': {
    operationId: 'campaignSeries',
    tag: 'Series',
    summary: 'A campaign\u2019s tallies over time',
    description: `The series of every content of the campaign, summed bucket by bucket. ${SERIES_CSV}`,
    path: campaignPath,
    query: SERIES_QUERY,
    responses: { 200: jsonOrCsvAnswer('The campaign\u2019s series.', campaignSeries, campaignSeriesExample, seriesCsvExample) },
    errors: ['validation_error', 'not_found', 'unavailable'],
  },
};
