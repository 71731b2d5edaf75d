import { ARRIVAL_MARKER_PARAM, type ShareChannel } from '../../shared/domain/arrival-channel.js';

// The URL each button hands out: the visitor's link with the channel it goes out through
// (`?via=whatsapp`), so the redirect can tell arrivals by WhatsApp from those by X
// (docs/metrics.md, "Arrivals"); and the share-intent page each network opens with it.

export function markedUrl(shortUrl: string, channel: ShareChannel): string {
  const url = new URL(shortUrl);
  url.searchParams.set(ARRIVAL_MARKER_PARAM, channel);
  return url.href;
}

const query = (params: Record<string, string>) => new URLSearchParams(Object.entries(params).filter(([, value]) => value !== '')).toString();
const withText = (text: string, url: string) => (text ? `${text} ${url}` : url);

/** The page a channel's button navigates to, or null for those the widget handles itself (native, copy, qr). */
export function shareTarget(channel: ShareChannel, url: string, text: string): string | null {
  switch (channel) {
    case 'x':
      return `https://twitter.com/intent/tweet?${query({ url, text })}`;
    case 'facebook':
      return `https://www.facebook.com/sharer/sharer.php?${query({ u: url })}`;
    case 'linkedin':
      return `https://www.linkedin.com/sharing/share-offsite/?${query({ url })}`;
    case 'whatsapp':
      return `https://wa.me/?${query({ text: withText(text, url) })}`;
    case 'telegram':
      return `https://t.me/share/url?${query({ url, text })}`;
    case 'email':
      // mailto wants %20 for spaces: URLSearchParams' '+' would reach the mail as a plus sign.
      return `mailto:?subject=${encodeURIComponent(text)}&body=${encodeURIComponent(text ? `${text}\n\n${url}` : url)}`;
    default:
      return null;
  }
}

/** The QR code Ripple draws for a link (it encodes the link with the `qr` marker itself). */
export const qrImageUrl = (api: string, code: string) => `${api}/v1/links/${encodeURIComponent(code)}/qr.svg`;
