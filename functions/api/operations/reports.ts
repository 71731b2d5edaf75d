import { forEachLimit } from '../../../shared/concurrency.js';
import { linkCode } from '../../../shared/domain/link.js';
import { finalizeReport, sumReportParts } from '../../../shared/domain/report.js';
import * as z from '../../../shared/domain/zod.js';
import { notFound } from '../../../shared/errors.js';
import { type HttpEvent, header } from '../../../shared/http/event.js';
import { parseQuery } from '../../../shared/http/input.js';
import { type ReportBody, reportCsv } from '../../../shared/http/report-csv.js';
import { prefersOverJson } from '../../../shared/http/accept.js';
import { csv, json } from '../../../shared/http/responses.js';
import { campaignTimes } from '../../../shared/aggregation/content-state-reader.js';
import { requireCampaign, requireContent } from './lookups.js';
import { contentIdParam } from './path.js';
import type { Operation } from './types.js';

const YEAR_SECONDS = 365 * 86_400;

// One message for every bad kWindow, naming what is allowed (the union's own says only "Invalid input").
const K_WINDOW_ALLOWED = `kWindow must be 'all' or a whole number of seconds from 1 to ${YEAR_SECONDS}`;

export const reportQuery = z.object({
  kWindow: z.optional(
    z.union(
      [
        z.literal('all'),
        z.coerce.number().check(z.int({ error: K_WINDOW_ALLOWED }), z.gte(1, { error: K_WINDOW_ALLOWED }), z.lte(YEAR_SECONDS, { error: K_WINDOW_ALLOWED })),
      ],
      { error: K_WINDOW_ALLOWED },
    ),
  ),
  format: z.optional(z.enum(['json', 'csv'])),
});
type ReportQuery = z.output<typeof reportQuery>;

// A report for the content's own K window is the one the aggregation stored with its last commit;
// any other window is computed from the content's structure and tallies, and stored nowhere.
export const contentReport: Operation = async ({ event, workspaceId }, deps) => {
  const content = await requireContent(deps, workspaceId, contentIdParam(event));
  const query = parseQuery(event, reportQuery);
  const report = await deps.reader.report(content, query.kWindow);
  return respond(event, query, { contentId: content.id, campaign: content.campaign, ...report }, `report-${content.id}`);
};

export const campaignReport: Operation = async ({ event, workspaceId }, deps) => {
  const query = parseQuery(event, reportQuery);
  const { campaign, contents } = await requireCampaign(deps, workspaceId, event);
  const parts: Awaited<ReturnType<typeof deps.reader.reportParts>>[] = [];
  await forEachLimit(contents, 8, async (content) => {
    parts.push(await deps.reader.reportParts(content, query.kWindow));
  });
  const windows = new Set(parts.map((part) => part.windowSeconds));
  const report = finalizeReport(sumReportParts(parts.map((part) => part.parts)), {
    ...campaignTimes(parts.map((part) => part.state)),
    kWindowSeconds: windows.size === 1 ? ([...windows][0] ?? null) : null,
  });
  const body: ReportBody = { campaign, contents: contents.length, ...report, ...(windows.size > 1 ? { kWindowSeconds: 'per-content' as const } : {}) };
  return respond(event, query, body, `report-${campaign}`);
};

export const cascadeQuery = z.object({
  root: z.optional(linkCode),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(5_000)), 1_000),
  cursor: z.optional(z.string().check(z.regex(/^\d{1,9}$/, 'is not a cursor from this listing'))),
});

// GET …/cascade: the forest as flat nodes in structure order (parents first), a page at a time (a
// big cascade does not fit one response). The cursor is a position in the structure, which only
// grows: pages read across aggregations still follow on (docs/data-model.md, "Cascade pages").
export const contentCascade: Operation = async ({ event, workspaceId }, deps) => {
  const content = await requireContent(deps, workspaceId, contentIdParam(event));
  const { root, limit, cursor } = parseQuery(event, cascadeQuery);
  const from = cursor === undefined ? 0 : Number(cursor);
  const { state, nodes, total } = await deps.reader.cascade(content, { ...(root === undefined ? {} : { root }), from, limit });
  if (root !== undefined && total === 0) throw notFound('No aggregated link with this code in this content');
  return json(200, {
    contentId: content.id,
    computedAt: state.computedAt,
    eventsThrough: state.eventsThrough,
    nodes,
    nextCursor: from + limit < total ? String(from + limit) : null,
  });
};

// JSON by default; CSV for ?format=csv or an Accept header that prefers text/csv.
function respond(event: HttpEvent, query: ReportQuery, body: ReportBody, filename: string) {
  const wantsCsv = query.format === 'csv' || (query.format === undefined && prefersCsv(header(event, 'accept')));
  if (!wantsCsv) return json(200, body);
  return csv(reportCsv(body), filename);
}

// A report (and a series) comes as JSON or CSV: CSV only when the client ranks it above JSON.
export const prefersCsv = (accept: string | undefined) => prefersOverJson(accept, /^text\/csv$/);
