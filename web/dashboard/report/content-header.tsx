import type { ContentView } from '../api/types.js';
import { Link } from '../components/link.js';
import { useDashboard } from '../context.js';
import { formatAsOf } from '../format.js';

// Which content this is, where its links lead, its campaign, and how fresh the numbers are. A
// read-only share opens no other page (its token reads only this content): no links to them.
export function ContentHeader({ content, eventsThrough }: { content: ContentView; eventsThrough?: string | null }) {
  const { readOnly } = useDashboard();
  return (
    <header class="report-header">
      <h1>{content.title ?? content.url}</h1>
      <p class="report-meta">
        <span>
          Destination: <DestinationLink url={content.url} />
        </span>
        <span>Campaign: {content.campaign ? <CampaignName campaign={content.campaign} linked={!readOnly} /> : <span class="muted">none</span>}</span>
        {eventsThrough !== undefined && <span data-testid="as-of">{formatAsOf(eventsThrough)}</span>}
        {!readOnly && (
          <Link to={{ page: 'tree', contentId: content.id }} class="button-link">
            Cascade tree
          </Link>
        )}
      </p>
    </header>
  );
}

// Only web addresses become links (the API accepts no other scheme, but a page never trusts that).
function DestinationLink({ url }: { url: string }) {
  if (!/^https?:\/\//i.test(url)) return <code>{url}</code>;
  return (
    <a href={url} rel="noopener noreferrer" target="_blank">
      {url}
    </a>
  );
}

const CampaignName = ({ campaign, linked }: { campaign: string; linked: boolean }) =>
  linked ? <Link to={{ page: 'campaign', campaign }}>{campaign}</Link> : campaign;
