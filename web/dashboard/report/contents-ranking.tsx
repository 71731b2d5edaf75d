import { useState } from 'preact/hooks';
import { type Column, DataTable } from '../components/data-table.js';
import { Link } from '../components/link.js';
import { formatAgo, formatCount, formatRatio } from '../format.js';
import { type ContentRow, MAX_CONTENTS, type RankBy, rankRows } from './campaign-contents.js';

type Ranked = ContentRow & { rank: number };

const RANKS: readonly { id: RankBy; label: string }[] = [
  { id: 'earnedReach', label: 'Earned reach' },
  { id: 'kFactor', label: 'K-factor' },
];

const report = (row: Ranked) => row.report;

const COLUMNS: Column<Ranked>[] = [
  { label: '#', value: (row) => row.rank, numeric: true },
  {
    label: 'Content',
    value: (row) => row.content.title ?? row.content.url,
    render: (row) => <Link to={{ page: 'content', contentId: row.content.id }}>{row.content.title ?? row.content.url}</Link>,
  },
  { label: 'Links', value: (row) => report(row)?.links ?? null, render: (row) => formatCount(report(row)?.links), numeric: true },
  { label: 'Clicks', value: (row) => report(row)?.clicks ?? null, render: (row) => formatCount(report(row)?.clicks), numeric: true },
  { label: 'K', value: (row) => report(row)?.kFactor ?? null, render: (row) => formatRatio(report(row)?.kFactor), numeric: true },
  { label: 'Earned reach', value: (row) => report(row)?.earnedReach ?? null, render: (row) => formatCount(report(row)?.earnedReach), numeric: true },
  {
    label: 'As of',
    value: (row) => report(row)?.eventsThrough ?? null,
    render: (row) => (row.error ? <span class="form-error">Report failed: {row.error.message}</span> : formatAgo(report(row)?.eventsThrough)),
  },
];

// The campaign's contents ranked by earned reach then K, or by K then earned reach; each links to
// its content's page. K is each content's own window.
export function ContentsRanking({ rows, capped, campaign }: { rows: readonly ContentRow[]; capped: boolean; campaign: string }) {
  const [rankBy, setRankBy] = useState<RankBy>('earnedReach');
  const ranked = rankRows(rows, rankBy).map((row, index) => ({ ...row, rank: index + 1 }));
  return (
    <>
      <div class="rank-toggle" role="group" aria-label="Rank by">
        <span>Rank by:</span>
        {RANKS.map((rank) => (
          <button type="button" class={rank.id === rankBy ? 'small' : 'secondary small'} aria-pressed={rank.id === rankBy} onClick={() => setRankBy(rank.id)}>
            {rank.label}
          </button>
        ))}
      </div>
      {capped && (
        <p class="banner banner-warning">
          This campaign has more than {MAX_CONTENTS} contents: only the first {MAX_CONTENTS} listed are ranked here.
        </p>
      )}
      <DataTable caption="Contents" columns={COLUMNS} rows={ranked} empty="No content in this campaign yet." csvName={`campaign-${campaign}-contents`} />
    </>
  );
}
