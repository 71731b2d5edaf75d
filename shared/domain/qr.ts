import QRCode from 'qrcode';
import { ARRIVAL_MARKER_PARAM, type ShareChannel } from './arrival-channel.js';

const QR_CHANNEL: ShareChannel = 'qr';

/** What a link's QR code encodes: its short URL, marked as arriving by QR (docs/metrics.md, "Arrivals"). */
export function qrTarget(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl}/${code}?${ARRIVAL_MARKER_PARAM}=${QR_CHANNEL}`;
}

// Error correction level M (about 15 % of the symbol may be damaged or covered) and the 4-module
// quiet zone the QR standard asks for, so a printed code scans without a margin of its own.
const SYMBOL = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** The QR code of `text` as a standalone SVG: dark modules on white, scaled by its viewBox. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...SYMBOL, type: 'svg' });
}

/** The same code as a PNG, 8 pixels per module, for where SVG is not shown (e-mail clients). */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...SYMBOL, type: 'png', scale: 8 });
}
