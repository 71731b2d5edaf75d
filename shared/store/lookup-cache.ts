import { LRUCache } from 'lru-cache';
import type { Content } from '../domain/content.js';
import type { Link } from '../domain/link.js';
import type { ContentStore } from './contents.js';
import type { LinkStore } from './links.js';

export interface LinkLookups {
  link(code: string): Promise<Link | null>;
  content(workspaceId: string, contentId: string): Promise<Content | null>;
}

export interface LookupCacheOptions {
  maxAgeSeconds: number;
  maxEntries: number;
  /** Milliseconds clock for expiry; tests move it by hand. */
  now?: () => number;
}

// Unknown codes are remembered briefly too, so a crawler walking random codes cannot turn
// every request into a DynamoDB read, while a freshly minted code starts working within seconds.
const NEGATIVE_MAX_AGE_SECONDS = 5;

// The redirect's reads, cached in memory: bounded in entries and in age (an entry older than
// maxAgeSeconds is re-read, which is how a deactivation reaches every warm instance).
// Concurrent misses for one key share a single read.
export function makeCachedLookups(
  stores: { links: Pick<LinkStore, 'get'>; contents: Pick<ContentStore, 'get'> },
  options: LookupCacheOptions,
): LinkLookups {
  const link = cached(options, (code: string) => stores.links.get(code));
  const content = cached(options, (key: string) => {
    const [workspaceId = '', contentId = ''] = key.split('/');
    return stores.contents.get(workspaceId, contentId);
  });
  return {
    link,
    content: (workspaceId, contentId) => content(`${workspaceId}/${contentId}`),
  };
}

function cached<V extends object>(
  { maxAgeSeconds, maxEntries, now }: LookupCacheOptions,
  load: (key: string) => Promise<V | null>,
): (key: string) => Promise<V | null> {
  if (maxAgeSeconds <= 0) return load;
  const maxAgeMs = maxAgeSeconds * 1000;
  const cache = new LRUCache<string, { value: V | null }>({
    max: maxEntries,
    ttl: maxAgeMs,
    ttlAutopurge: false,
    ...(now ? { perf: { now } } : {}),
    fetchMethod: async (key, _stale, { options: setOptions }) => {
      const value = await load(key);
      if (value === null) setOptions.ttl = Math.min(maxAgeMs, NEGATIVE_MAX_AGE_SECONDS * 1000);
      return { value };
    },
  });
  return async (key) => {
    const entry = await cache.fetch(key);
    return entry?.value ?? null;
  };
}
