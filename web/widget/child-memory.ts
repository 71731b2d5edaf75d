import { isLinkCode } from './parent-code.js';

// The visitor's child of a parent, kept in localStorage so a reload (or the next visit) shares the
// same link without a request. Storage can be missing or throw (blocked, Safari's private mode):
// then nothing is remembered and the widget works on.

export interface SharedLink {
  code: string;
  shortUrl: string;
}

export interface ChildMemory {
  recall(): SharedLink | null;
  remember(link: SharedLink): void;
}

export const childMemoryKey = (api: string, parent: string) => `ripple-share:${api}:${parent}`;

export function childMemory(storage: () => Storage, api: string, parent: string): ChildMemory {
  const key = childMemoryKey(api, parent);
  return {
    recall() {
      try {
        return asSharedLink(JSON.parse(storage().getItem(key) ?? 'null'));
      } catch {
        return null;
      }
    },
    remember(link) {
      try {
        storage().setItem(key, JSON.stringify({ code: link.code, shortUrl: link.shortUrl }));
      } catch {
        // Not remembered: the next page view asks again (and gets the same child back).
      }
    },
  };
}

/** The link in a stored value or an API answer, or null when it is not one. */
export function asSharedLink(value: unknown): SharedLink | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, shortUrl } = value as Record<string, unknown>;
  return isLinkCode(code) && typeof shortUrl === 'string' && /^https?:\/\//.test(shortUrl) ? { code, shortUrl } : null;
}
