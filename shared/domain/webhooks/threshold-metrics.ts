// Its own module, with no imports, so the dashboard's subscribe form offers exactly these.
// The report fields a threshold may watch: the numeric fields of docs/contract.md §3.
export const THRESHOLD_METRICS = [
  'links',
  'seedLinks',
  'reshares',
  'depth',
  'maxBreadth',
  'seedFanout',
  'kFactor',
  'invitesPerShare',
  'reshareRate',
  'structuralVirality',
  'viralCycleTimeSeconds',
  'clicks',
  'botClicks',
  'uniqueVisitors',
  'seedReach',
  'earnedReach',
  'earnedClicks',
  'amplification',
  'conversions',
  'conversionValue',
] as const;
export type ThresholdMetric = (typeof THRESHOLD_METRICS)[number];
