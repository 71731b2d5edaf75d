import type { Report } from '../domain/report.js';

/**
 * A report as the API answers it: the report, what it is of (a content, or a campaign and how many
 * contents), and for a campaign whose contents differ in K window, `kWindowSeconds: 'per-content'`.
 */
export type ReportBody = Omit<Report, 'kWindowSeconds'> & {
  kWindowSeconds: Report['kWindowSeconds'] | 'per-content';
  contentId?: string;
  campaign?: string | null;
  contents?: number;
};

// A report as CSV in long form, one value per row — `section,key,metric,value` — so every part
// (summary, generations, channels, arrivals, referrers, timeline) fits one sheet and pivots cleanly.
export function reportCsv(report: ReportBody): string {
  const rows: (string | number | null)[][] = [['section', 'key', 'metric', 'value']];
  const { perGeneration, channels, arrivals, referrers, timeline, generationSizes, largestCascade, conversionValueByCurrency, ...summary } = report;
  for (const [metric, value] of Object.entries(summary)) rows.push(['summary', '', metric, value as string | number | null]);
  if (largestCascade) {
    for (const [metric, value] of Object.entries(largestCascade)) rows.push(['largestCascade', '', metric, value]);
  }
  for (const [currency, value] of Object.entries(conversionValueByCurrency)) rows.push(['conversionValue', currency, 'value', value]);
  for (const { generation, ...row } of perGeneration) {
    for (const [metric, value] of Object.entries(row)) rows.push(['generation', generation, metric, value]);
  }
  for (const { channel, ...row } of channels) {
    for (const [metric, value] of Object.entries(row)) rows.push(['channel', channel ?? '', metric, value]);
  }
  for (const { channel, ...row } of arrivals) {
    for (const [metric, value] of Object.entries(row)) rows.push(['arrival', channel, metric, value]);
  }
  for (const { host, clicks } of referrers) rows.push(['referrer', host, 'clicks', clicks]);
  for (const { start, ...row } of timeline) {
    for (const [metric, value] of Object.entries(row)) rows.push(['timeline', start, metric, value]);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  // Quote what needs it (RFC 4180), and defuse spreadsheet formulas in user-supplied text.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
