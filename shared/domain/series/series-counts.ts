// The tallies a series reports per bucket; every one is additive, so an hour, a bucket and a
// campaign's sum over contents are the same shape.
export interface SeriesCounts {
  /** Human clicks. */
  clicks: number;
  botClicks: number;
  /** Visitors whose first human touch on the content fell in the bucket. */
  newVisitors: number;
  links: number;
  reshares: number;
  conversions: number;
  /** Conversion value in millionths of the unit, an integer (no float drift when summed). */
  conversionValueMicros: number;
}

export const SERIES_FIELDS: readonly (keyof SeriesCounts)[] = [
  'clicks',
  'botClicks',
  'newVisitors',
  'links',
  'reshares',
  'conversions',
  'conversionValueMicros',
];

export function emptyCounts(): SeriesCounts {
  return { clicks: 0, botClicks: 0, newVisitors: 0, links: 0, reshares: 0, conversions: 0, conversionValueMicros: 0 };
}

export function addCounts(into: SeriesCounts, from: SeriesCounts): void {
  for (const field of SERIES_FIELDS) into[field] += from[field];
}
