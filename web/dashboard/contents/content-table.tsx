import type { ContentReport, ContentView } from '../api/types.js';
import { ErrorBanner } from '../components/resource-view.js';
import { Link } from '../components/link.js';
import { useDashboard } from '../context.js';
import { formatAgo, formatCount, formatRatio, formatTime } from '../format.js';
import { type Resource, useResource } from '../hooks/use-resource.js';
import type { Limiter } from './limiter.js';
import { MintSeedLink } from './mint-seed-link.js';

const METRIC_COLUMNS = 5; // links, clicks, K, earned reach, as of

// One page of contents as the API listed it (newest first, README "API"), each row with the
// headline numbers of its own report, fetched per row through the page's limiter.
export function ContentTable({ contents, limiter }: { contents: readonly ContentView[]; limiter: Limiter }) {
  const { readOnly } = useDashboard();
  return (
    <div class="table-block">
      <table class="contents-table">
        <caption class="visually-hidden">Contents</caption>
        <thead>
          <tr>
            <th scope="col">Content</th>
            <th scope="col">Campaign</th>
            <th scope="col">Created</th>
            <th scope="col" class="num">
              Links
            </th>
            <th scope="col" class="num">
              Clicks
            </th>
            <th scope="col" class="num">
              K-factor
            </th>
            <th scope="col" class="num">
              Earned reach
            </th>
            <th scope="col">As of</th>
            {!readOnly && <th scope="col">Seed link</th>}
          </tr>
        </thead>
        <tbody>
          {contents.map((content) => (
            <ContentRow key={content.id} content={content} limiter={limiter} readOnly={readOnly} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ContentRow({ content, limiter, readOnly }: { content: ContentView; limiter: Limiter; readOnly: boolean }) {
  const { client } = useDashboard();
  const report = useResource(() => limiter.run(() => client.report(content.id)), [content.id, limiter]);
  return (
    <tr data-content-id={content.id} aria-busy={report.status === 'loading'}>
      <td>
        <Link to={{ page: 'content', contentId: content.id }}>{content.title ?? content.url}</Link>
        {content.title !== null && <div class="muted content-url">{content.url}</div>}
      </td>
      <td>
        {content.campaign === null ? <span class="muted">none</span> : <Link to={{ page: 'campaign', campaign: content.campaign }}>{content.campaign}</Link>}
      </td>
      <td>{formatTime(content.createdAt)}</td>
      <ReportCells report={report} />
      {!readOnly && (
        <td>
          <MintSeedLink contentId={content.id} />
        </td>
      )}
    </tr>
  );
}

// The row's report: a loading mark per cell, its error with Retry across the cells, or the numbers.
function ReportCells({ report }: { report: Resource<ContentReport> }) {
  if (report.status === 'error') {
    return (
      <td colSpan={METRIC_COLUMNS} class="row-error">
        <ErrorBanner message={`Report not loaded: ${report.error.message}`} retryable={report.error.retryable} onRetry={report.reload} />
      </td>
    );
  }
  const value = report.value;
  if (value === undefined) {
    return (
      <>
        {(['links', 'clicks', 'kFactor', 'earnedReach'] as const).map((metric) => (
          <td class="num loading" data-metric={metric}>
            …
          </td>
        ))}
        <td class="loading">loading…</td>
      </>
    );
  }
  return (
    <>
      <MetricCell metric="links" value={value.links} text={formatCount(value.links)} />
      <MetricCell metric="clicks" value={value.clicks} text={formatCount(value.clicks)} />
      <MetricCell
        metric="kFactor"
        value={value.kFactor}
        text={formatRatio(value.kFactor)}
        why="No re-share link is mature yet, so K is undefined (docs/metrics.md, K-factor)."
      />
      <MetricCell metric="earnedReach" value={value.earnedReach} text={formatCount(value.earnedReach)} />
      <td class={value.eventsThrough === null ? 'muted' : undefined} title={value.eventsThrough ?? undefined}>
        {formatAgo(value.eventsThrough)}
      </td>
    </>
  );
}

// A number as the API gave it (data-value, for the browser tests), and why it is empty when null.
function MetricCell({ metric, value, text, why }: { metric: string; value: number | null; text: string; why?: string }) {
  return (
    <td class="num" data-metric={metric} data-value={JSON.stringify(value)} title={value === null ? why : undefined}>
      {text}
    </td>
  );
}
