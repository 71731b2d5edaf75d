import { useMemo } from 'preact/hooks';
import { type Column, DataTable } from '../components/data-table.js';
import { formatCount } from '../format.js';
import type { Forest } from './forest.js';
import { type SharerRow, topSharers } from './top-sharers.js';

const TOP = 50;

// The links with the most links below them, as a table (the canvas's content for anyone who does
// not see it); a link's code shows it in the tree.
export function TopSharersTable({ forest, onShow }: { forest: Forest; onShow(index: number): void }) {
  const rows = useMemo(() => topSharers(forest, TOP), [forest]);
  const columns: Column<SharerRow>[] = [
    { label: 'Sharer', value: (row) => row.link.sharer, render: (row) => row.link.sharer ?? <span class="muted">not recorded</span> },
    {
      label: 'Link code',
      value: (row) => row.link.code,
      render: (row) => (
        <button type="button" class="link-button" aria-label={`Show link ${row.link.code} in the tree`} onClick={() => onShow(row.index)}>
          {row.link.code}
        </button>
      ),
    },
    { label: 'Channel', value: (row) => row.link.channel, render: (row) => row.link.channel ?? <span class="muted">none</span> },
    { label: 'Generation', value: (row) => row.link.generation, render: (row) => formatCount(row.link.generation), numeric: true },
    { label: 'Descendants', value: (row) => row.descendants, render: (row) => formatCount(row.descendants), numeric: true },
    { label: 'Clicks', value: (row) => row.link.clicks, render: (row) => formatCount(row.link.clicks), numeric: true },
    { label: 'Unique visitors', value: (row) => row.link.uniqueVisitors, render: (row) => formatCount(row.link.uniqueVisitors), numeric: true },
  ];
  return (
    <>
      <DataTable caption="Top sharers" columns={columns} rows={rows} empty="No links to rank." csvName="top-sharers" />
      <p class="muted cascade-note">
        Descendants: the links any number of generations below each one, counted in the tree loaded here ({formatCount(forest.links.length)} links). The top{' '}
        {TOP} by descendants, then clicks.
      </p>
    </>
  );
}
