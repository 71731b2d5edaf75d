// Where a click arrived through: the share button (web/widget) adds `?via=<channel>` to the link it
// hands out, one marker per button, so one child link posted to WhatsApp and to X still tells the
// two apart (docs/metrics.md, "Arrivals"). A closed list: anything else is `other`, a link with
// no marker is `direct`. No import, so the widget's bundle can share it.
export const ARRIVAL_MARKER_PARAM = 'via';

export const SHARE_CHANNELS = ['native', 'x', 'facebook', 'linkedin', 'whatsapp', 'telegram', 'email', 'copy', 'qr'] as const;
export type ShareChannel = (typeof SHARE_CHANNELS)[number];

export type ArrivalChannel = ShareChannel | 'other' | 'direct';

/** The arrival channel a `via` marker names (absent: `direct`; not in the list: `other`). */
export function arrivalChannel(marker: string | undefined | null): ArrivalChannel {
  if (marker === undefined || marker === null || marker === '') return 'direct';
  return (SHARE_CHANNELS as readonly string[]).includes(marker) ? (marker as ShareChannel) : 'other';
}
