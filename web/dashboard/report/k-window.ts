// The K-factor window a report is asked for (`?kWindow=`, docs/metrics.md "K-factor") and how a
// window reads in a sentence.

export type KWindowChoice = 'default' | '3600' | '86400' | '604800' | 'all';

export const K_WINDOW_CHOICES: readonly { value: KWindowChoice; label: string }[] = [
  { value: 'default', label: 'Content’s window' },
  { value: '3600', label: '1 h' },
  { value: '86400', label: '1 d' },
  { value: '604800', label: '7 d' },
  { value: 'all', label: 'All' },
];

/** The `kWindow` argument of `client.report`: undefined asks for the content's own window. */
export function kWindowParam(choice: KWindowChoice): number | 'all' | undefined {
  if (choice === 'default') return undefined;
  if (choice === 'all') return 'all';
  return Number(choice);
}

const UNITS: readonly [seconds: number, name: string][] = [
  [86_400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
];

/** A window as an adjective: 86400 → "1-day", 5400 → "90-minute". */
export function windowText(seconds: number): string {
  const [size, name] = UNITS.find(([unit]) => seconds % unit === 0) ?? [1, 'second'];
  return `${seconds / size}-${name}`;
}

/** Why K is null: no re-share link is mature (old enough) for the report's window. */
export function kNullReason(kWindowSeconds: number | 'all' | 'per-content'): string {
  if (kWindowSeconds === 'all') return 'K counts re-share links: none yet';
  if (kWindowSeconds === 'per-content') return 'K counts re-share links older than each content’s own window: none yet';
  return `K counts re-share links older than the ${windowText(kWindowSeconds)} window: none yet`;
}

/** Why K is 0: mature re-share links exist, but none was re-shared within the window. */
export function kZeroReason(kWindowSeconds: number | 'all' | 'per-content'): string {
  if (kWindowSeconds === 'all') return 'No re-share link was re-shared in turn yet';
  if (kWindowSeconds === 'per-content') return 'No mature re-share link was re-shared within its content’s window';
  return `No mature re-share link was re-shared within the ${windowText(kWindowSeconds)} window`;
}
