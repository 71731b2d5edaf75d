import type { Report } from '../api/types.js';
import { type Column, DataTable } from '../components/data-table.js';
import { formatCount } from '../format.js';

// Channels and referrers, in the API's order: channels come ranked by how far their shares
// spread downstream (docs/metrics.md, "Breakdowns"), referrers by clicks.

type Channel = Report['channels'][number];
// `downstreamLinks` and `deepestSpread` are new: a report from an older API may lack them.
type ChannelRow = Omit<Channel, 'downstreamLinks' | 'deepestSpread'> & Partial<Pick<Channel, 'downstreamLinks' | 'deepestSpread'>>;

const count = (value: number | null) => formatCount(value);

const CHANNEL_COLUMNS: Column<ChannelRow>[] = [
  { label: 'Channel', value: (row) => row.channel, render: (row) => row.channel ?? '(none)' },
  { label: 'Links', value: (row) => row.links, render: (row) => count(row.links), numeric: true },
  { label: 'Re-shares', value: (row) => row.reshares, render: (row) => count(row.reshares), numeric: true },
  { label: 'Downstream links', value: (row) => row.downstreamLinks ?? null, render: (row) => count(row.downstreamLinks ?? null), numeric: true },
  { label: 'Deepest spread', value: (row) => row.deepestSpread ?? null, render: (row) => count(row.deepestSpread ?? null), numeric: true },
  { label: 'Clicks', value: (row) => row.clicks, render: (row) => count(row.clicks), numeric: true },
  { label: 'Unique visitors', value: (row) => row.uniqueVisitors, render: (row) => count(row.uniqueVisitors), numeric: true },
];

export function ChannelsTable({ channels, csvName }: { channels: readonly ChannelRow[]; csvName: string }) {
  return (
    <DataTable caption="Channels" columns={CHANNEL_COLUMNS} rows={channels} empty="No link minted yet: channels are those of the links." csvName={csvName} />
  );
}

type Arrival = Report['arrivals'][number];

// The channel a click came through (the share button's `?via=` marker), ranked by the re-shares
// its visitors went on to make (docs/metrics.md, "Arrivals").
const ARRIVAL_COLUMNS: Column<Arrival>[] = [
  { label: 'Arrived through', value: (row) => row.channel },
  { label: 'Clicks', value: (row) => row.clicks, render: (row) => count(row.clicks), numeric: true },
  { label: 'Unique visitors', value: (row) => row.uniqueVisitors, render: (row) => count(row.uniqueVisitors), numeric: true },
  { label: 'Re-shares they made', value: (row) => row.reshares, render: (row) => count(row.reshares), numeric: true },
];

export function ArrivalsTable({ arrivals, csvName }: { arrivals: readonly Arrival[]; csvName: string }) {
  return (
    <DataTable
      caption="Arrivals"
      columns={ARRIVAL_COLUMNS}
      rows={arrivals}
      empty="No human click yet: arrivals are counted by the channel each click came through."
      csvName={csvName}
    />
  );
}

type Referrer = Report['referrers'][number];

const REFERRER_COLUMNS: Column<Referrer>[] = [
  { label: 'Host', value: (row) => row.host },
  { label: 'Clicks', value: (row) => row.clicks, render: (row) => count(row.clicks), numeric: true },
];

export function ReferrersTable({ referrers, csvName }: { referrers: readonly Referrer[]; csvName: string }) {
  return (
    <DataTable
      caption="Top referrers"
      columns={REFERRER_COLUMNS}
      rows={referrers}
      empty="No referrer yet: clicks that came without a referring page are not listed."
      csvName={csvName}
    />
  );
}
