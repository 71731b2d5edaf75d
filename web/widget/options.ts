import { SHARE_CHANNELS, type ShareChannel } from '../../shared/domain/arrival-channel.js';

// What the <ripple-share> element's attributes ask for, read with defaults.

export const DEFAULT_CHANNELS: readonly ShareChannel[] = ['native', 'whatsapp', 'x', 'facebook', 'linkedin', 'telegram', 'email', 'copy', 'qr'];

/**
 * The buttons to show, in the order the `channels` attribute lists them: known channels only,
 * each once, native share only where the browser has it. Nothing usable listed: the default set.
 */
export function channelsToShow(attribute: string | null, hasNativeShare: boolean): ShareChannel[] {
  const listed = (attribute ?? '').split(',').map((name) => name.trim().toLowerCase());
  const known = [...new Set(listed)].filter((name): name is ShareChannel => (SHARE_CHANNELS as readonly string[]).includes(name));
  const chosen = known.length > 0 ? known : DEFAULT_CHANNELS;
  return chosen.filter((channel) => channel !== 'native' || hasNativeShare);
}

const SCRIPT_PATH = '/app/share.js';

/**
 * Ripple's base URL: the `api` attribute, else where this script came from — the script's URL
 * without its `/app/share.js`, which keeps a stage path (`…/prod`) on an API Gateway stage URL.
 */
export function apiBase(attribute: string | null, scriptSrc: string | null): string | null {
  const given = attribute?.trim();
  if (given) return given.replace(/\/+$/, '');
  if (!scriptSrc) return null;
  try {
    const url = new URL(scriptSrc);
    const stagePath = url.pathname.endsWith(SCRIPT_PATH) ? url.pathname.slice(0, -SCRIPT_PATH.length) : '';
    return url.origin + stagePath;
  } catch {
    return null;
  }
}
