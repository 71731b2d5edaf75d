import type { Report } from '../api/types.js';
import { type Column, DataTable } from '../components/data-table.js';
import { formatCount, formatRatio } from '../format.js';

type Generation = Report['perGeneration'][number];

const MEASURES: readonly { key: 'links' | 'clicks' | 'k'; label: string; format: (value: number) => string }[] = [
  { key: 'links', label: 'Links', format: formatCount },
  { key: 'clicks', label: 'Clicks', format: formatCount },
  { key: 'k', label: 'k', format: formatRatio },
];

// Per generation (0 = seed links): its links, human clicks and k = N(g+1) / N(g), as bars scaled
// to each measure's largest value, then the same rows as a table with CSV.
export function GenerationBars({ rows }: { rows: Report['perGeneration'] }) {
  if (rows.length === 0) return <p class="empty">No link minted yet: generations start with the seed links.</p>;
  return (
    <div class="generation-bars">
      {MEASURES.map((measure) => (
        <MeasureBars rows={rows} measure={measure} />
      ))}
    </div>
  );
}

function MeasureBars({ rows, measure }: { rows: Report['perGeneration']; measure: (typeof MEASURES)[number] }) {
  const largest = Math.max(...rows.map((row) => row[measure.key]));
  return (
    <div class="bar-group" data-measure={measure.key}>
      <h3>{measure.label}</h3>
      {rows.map((row) => (
        <div class="bar-row" data-generation={row.generation} data-value={JSON.stringify(row[measure.key])}>
          <span class="bar-label">G{row.generation}</span>
          <span class="bar-track">
            {/* Scaling only, set through the CSSOM (the CSP allows no style attribute). */}
            <span class={`bar bar-${measure.key}`} style={{ width: `${largest > 0 ? (row[measure.key] / largest) * 100 : 0}%` }} />
          </span>
          <span class="bar-value">{measure.format(row[measure.key])}</span>
        </div>
      ))}
    </div>
  );
}

const GENERATION_COLUMNS: Column<Generation>[] = [
  { label: 'Generation', value: (row) => row.generation, numeric: true },
  { label: 'Links', value: (row) => row.links, render: (row) => formatCount(row.links), numeric: true },
  { label: 'Clicks', value: (row) => row.clicks, render: (row) => formatCount(row.clicks), numeric: true },
  { label: 'Unique visitors', value: (row) => row.uniqueVisitors, render: (row) => formatCount(row.uniqueVisitors), numeric: true },
  { label: 'k', value: (row) => row.k, render: (row) => formatRatio(row.k), numeric: true },
];

export function GenerationTable({ rows, csvName }: { rows: Report['perGeneration']; csvName: string }) {
  return <DataTable caption="Per generation" columns={GENERATION_COLUMNS} rows={rows} empty="No link minted yet." csvName={csvName} />;
}
