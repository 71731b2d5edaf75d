// How numbers and times read on the page. Formatting only: every value is the API's own.

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const ratio = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A count (1,234); null reads as an em dash. */
export const formatCount = (value: number | null | undefined) => (value === null || value === undefined ? '—' : integer.format(value));

/** A ratio such as K or amplification, to two decimals; null reads as an em dash. */
export const formatRatio = (value: number | null | undefined) => (value === null || value === undefined ? '—' : ratio.format(value));

/** A money sum in its currency when known. */
export function formatMoney(value: number, currency?: string): string {
  if (!currency) return ratio.format(value);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value);
  } catch {
    return `${ratio.format(value)} ${currency}`;
  }
}

/** A duration in seconds as the largest sensible unit: 45 s, 12 min, 3.5 h, 2.1 d. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds > 0 && seconds < 1) return '< 1 s';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** A time in the browser's zone, e.g. "5 Dec 2026, 18:40". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** How long ago, for "as of" lines: "just now", "5 min ago", "3 h ago", else the time. */
export function formatAgo(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return 'not aggregated yet';
  const seconds = (now.getTime() - new Date(iso).getTime()) / 1000;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return formatTime(iso);
}

/** A report's freshness line: "as of 5 min ago", or "not aggregated yet" before the first run. */
export const formatAsOf = (iso: string | null | undefined, now: Date = new Date()) => (iso ? `as of ${formatAgo(iso, now)}` : formatAgo(iso, now));
