// The API's answers as the dashboard reads them: the very types the server builds them from
// (type-only imports, nothing of the server's code reaches the browser bundle).
import type { CascadeNode } from '../../../shared/domain/cascade-tree.js';
import type { Report } from '../../../shared/domain/report.js';
import type { SeriesCounts } from '../../../shared/domain/series/series-counts.js';
import type { DeliveryAttempt } from '../../../shared/store/outbox.js';
import type { contentView, linkView, webhookView } from '../../../shared/http/views.js';

export type { CascadeNode, DeliveryAttempt, Report, SeriesCounts };
export type ContentView = ReturnType<typeof contentView>;
export type LinkView = ReturnType<typeof linkView>;
export type WebhookView = ReturnType<typeof webhookView>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** GET …/report adds the content it is of. */
export type ContentReport = Report & { contentId: string; campaign: string | null };
export type CampaignReport = Omit<Report, 'kWindowSeconds'> & { campaign: string; contents: number; kWindowSeconds: Report['kWindowSeconds'] | 'per-content' };

export interface CascadePage {
  contentId: string;
  computedAt: string | null;
  eventsThrough: string | null;
  nodes: CascadeNode[];
  nextCursor: string | null;
}

export type SeriesBucket = { start: string; end: string } & SeriesCounts;
export interface Series {
  from: string;
  to: string;
  interval: 'hour' | 'day' | 'week' | 'month';
  tz: string;
  computedAt: string | null;
  eventsThrough: string | null;
  buckets: SeriesBucket[];
  previous?: SeriesBucket[];
}

export interface SeriesParams {
  from?: string;
  to?: string;
  interval?: Series['interval'];
  tz?: string;
  compare?: 'previous';
}

export type CreatedWebhook = WebhookView & { secret: string };
