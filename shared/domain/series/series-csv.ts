import type { SeriesBucket } from './buckets.js';
import { SERIES_FIELDS, type SeriesCounts } from './series-counts.js';

// A series as CSV, one bucket a row; with a comparison, the previous period's bucket of the same
// index on the same row under `previous_` columns. Every field is a number or an ISO time, so
// none needs quoting; rows end in CRLF as RFC 4180 and the report CSV do.

const COLUMNS = ['start', 'end', ...SERIES_FIELDS.map(columnOf)];

export function seriesCsv(buckets: readonly SeriesBucket[], previous?: readonly SeriesBucket[]): string {
  const header = previous ? [...COLUMNS, ...COLUMNS.map((column) => `previous_${column}`)] : COLUMNS;
  const rows = [header.join(',')];
  const count = Math.max(buckets.length, previous?.length ?? 0);
  for (let i = 0; i < count; i++) {
    const row = bucketFields(buckets[i]);
    rows.push((previous ? [...row, ...bucketFields(previous[i])] : row).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}

function bucketFields(bucket: SeriesBucket | undefined): string[] {
  if (!bucket) return COLUMNS.map(() => '');
  return [bucket.start, bucket.end, ...SERIES_FIELDS.map((field) => String(valueOf(bucket, field)))];
}

// Money leaves the API in units: micros / 1e6 prints the exact decimal (1234567 → 1.234567).
const valueOf = (counts: SeriesCounts, field: keyof SeriesCounts) => (field === 'conversionValueMicros' ? counts[field] / 1e6 : counts[field]);

function columnOf(field: keyof SeriesCounts): string {
  return field === 'conversionValueMicros' ? 'conversionValue' : field;
}
