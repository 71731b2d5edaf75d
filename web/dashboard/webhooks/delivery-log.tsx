import type { DeliveryAttempt } from '../api/types.js';
import { type Column, DataTable } from '../components/data-table.js';
import { useDashboard } from '../context.js';
import { formatTime } from '../format.js';
import { PagesView } from './pages-view.js';
import { usePages } from './use-pages.js';

const PAGE_SIZE = 20;

// To the minute on the page; the exact instant on hover (retries come seconds apart).
const Time = ({ iso }: { iso: string }) => (
  <time dateTime={iso} title={iso}>
    {formatTime(iso)}
  </time>
);

const COLUMNS: Column<DeliveryAttempt>[] = [
  { label: 'Attempted at', value: (row) => row.attemptedAt, render: (row) => <Time iso={row.attemptedAt} /> },
  { label: 'Event type', value: (row) => row.type },
  { label: 'Attempt #', value: (row) => row.attempt, numeric: true },
  { label: 'Outcome', value: (row) => row.outcome, render: (row) => <span class={`outcome outcome-${row.outcome}`}>{row.outcome}</span> },
  { label: 'Response code', value: (row) => row.responseCode, render: (row) => row.responseCode ?? <span class="muted">none</span>, numeric: true },
  { label: 'Duration (ms)', value: (row) => row.durationMs, numeric: true },
  {
    label: 'Next retry',
    value: (row) => row.nextRetryAt,
    render: (row) => (row.nextRetryAt === null ? <span class="muted">none</span> : <Time iso={row.nextRetryAt} />),
  },
  { label: 'Error', value: (row) => row.error, render: (row) => row.error ?? '' },
];

// Every attempt of the last 30 days, newest first (README, webhooks), a page at a time. `version`
// changes when a test was just sent, so its attempt shows.
export function DeliveryLog({ webhookId, version }: { webhookId: string; version: number }) {
  const { client } = useDashboard();
  const attempts = usePages((cursor) => client.deliveries(webhookId, { cursor, limit: PAGE_SIZE }), [webhookId, version]);
  return (
    <div class="delivery-log" data-deliveries-of={webhookId}>
      <PagesView pages={attempts} label="deliveries">
        {(rows) => (
          <DataTable
            caption="Deliveries"
            columns={COLUMNS}
            rows={rows}
            empty="No delivery attempt in the last 30 days: Ripple keeps attempts for 30 days."
            csvName={`deliveries-${webhookId}.csv`}
          />
        )}
      </PagesView>
    </div>
  );
}
