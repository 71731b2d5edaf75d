import type { ComponentChildren } from 'preact';
import type { CampaignReport, ContentReport } from '../api/types.js';
import { formatCount, formatRatio } from '../format.js';
import { kNullReason, kZeroReason } from './k-window.js';
import { MetricTile } from './metric-tile.js';

// The report's numbers as tiles, each exactly the API's value for the same request (formatting
// only). A campaign's report has the same fields, with `kWindowSeconds` possibly "per-content".
export type AnyReport = ContentReport | CampaignReport;

export function KFactorTile({ report, children }: { report: AnyReport; children?: ComponentChildren }) {
  const k = report.kFactor;
  return (
    <MetricTile
      metric="kFactor"
      label="K-factor"
      raw={k}
      shown={formatRatio(k)}
      help="New re-share links per mature re-share link, counted within the K window: above 1, each share brings more than one."
      why={k === null ? kNullReason(report.kWindowSeconds) : k === 0 && kZeroReason(report.kWindowSeconds)}
    >
      {children}
    </MetricTile>
  );
}

export function AmplificationTile({ report }: { report: AnyReport }) {
  const value = report.amplification;
  return (
    <MetricTile
      metric="amplification"
      label="Amplification"
      raw={value}
      shown={formatRatio(value)}
      help="Earned reach divided by seed reach: visitors brought by re-shares for each visitor of a seed link."
      why={value === null ? 'No visitor came through a seed link yet' : value === 0 && 'No visitor came through a re-share yet'}
    />
  );
}

type CountField = 'seedReach' | 'earnedReach' | 'uniqueVisitors' | 'clicks' | 'botClicks' | 'links' | 'reshares' | 'conversions';

// The plain counts: a label, what the number is, and why it may still be 0.
const COUNTS: Record<CountField, { label: string; help: string; whyZero: string }> = {
  seedReach: {
    label: 'Seed reach',
    help: 'Visitors whose first human click on the content was on a seed link (one you minted).',
    whyZero: 'No visitor came through a seed link yet',
  },
  earnedReach: {
    label: 'Earned reach',
    help: 'Visitors whose first human click on the content was on a re-share link: reach the sharing earned.',
    whyZero: 'No visitor came through a re-share yet',
  },
  uniqueVisitors: {
    label: 'Unique visitors',
    help: 'Distinct visitors with a human click on any link of the content; seed and earned reach add up to it.',
    whyZero: 'No human click yet',
  },
  clicks: { label: 'Clicks', help: "Human clicks on the content's links (bots and link previews are counted apart).", whyZero: 'No click yet' },
  botClicks: {
    label: 'Bot clicks',
    help: 'Requests from crawlers, link previews, HEAD requests or no user agent: not in clicks nor reach.',
    whyZero: 'No bot or link-preview request yet',
  },
  links: {
    label: 'Links',
    help: 'Every share link of the content: the seed links you minted and the re-share links made from them.',
    whyZero: 'No link minted yet',
  },
  reshares: { label: 'Re-shares', help: 'Re-share links: links made from another link (generation 1 or deeper).', whyZero: 'No re-share yet' },
  conversions: {
    label: 'Conversions',
    help: 'Conversions recorded with POST /v1/conversions and attributed to this content.',
    whyZero: 'No conversion recorded yet',
  },
};

export function CountTile({ report, metric }: { report: AnyReport; metric: CountField }) {
  const { label, help, whyZero } = COUNTS[metric];
  const value = report[metric];
  return <MetricTile metric={metric} label={label} raw={value} shown={formatCount(value)} help={help} why={value === 0 && whyZero} />;
}
