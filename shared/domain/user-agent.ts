import { isbot } from 'isbot';

export type DeviceClass = 'desktop' | 'mobile' | 'tablet' | 'unknown';

// isbot's list covers crawlers and the link-preview fetchers of Slack, X, Facebook/iMessage,
// LinkedIn, WhatsApp, Discord and Telegram (test/unit/domain/user-agent.test.ts pins each).
// HEAD requests and requests with no user agent are no browser navigation either.
export function isBotRequest(method: string, userAgent: string | undefined): boolean {
  if (method.toUpperCase() === 'HEAD') return true;
  if (userAgent === undefined || userAgent.trim() === '') return true;
  return isbot(userAgent);
}

// Coarse class only, as MDN recommends ("Mobi" marks mobile browsers); no fingerprint is kept.
export function deviceClass(userAgent: string | undefined): DeviceClass {
  if (!userAgent) return 'unknown';
  if (/iPad|Tablet|PlayBook|Silk|Android(?!.*Mobi)/i.test(userAgent)) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|Windows Phone/i.test(userAgent)) return 'mobile';
  return 'desktop';
}
