import type { CampaignReport } from '../api/types.js';
import { Link } from '../components/link.js';
import { formatAsOf, formatCount } from '../format.js';

// Which campaign, how many contents it sums, and how fresh its numbers are (its earliest content's).
export function CampaignHeader({ campaign, report }: { campaign: string; report?: CampaignReport }) {
  return (
    <header class="report-header">
      <h1>Campaign {campaign}</h1>
      <p class="report-meta">
        {report && (
          <span data-metric="contents" data-value={JSON.stringify(report.contents)}>
            {formatCount(report.contents)} contents
          </span>
        )}
        {report && <span data-testid="as-of">{formatAsOf(report.eventsThrough)}</span>}
        <Link to={{ page: 'contents', campaign }}>List its contents</Link>
      </p>
    </header>
  );
}
