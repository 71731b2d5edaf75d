import { LRUCache } from 'lru-cache';
import type { Content } from '../domain/content.js';
import { isLinkCode } from '../domain/ids.js';
import type { Link } from '../domain/link.js';
import { gone, notFound } from '../errors.js';
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

// Unknown codes are remembered briefly, in a cache of their own: a crawler walking random codes
// can neither turn each request into a DynamoDB read nor evict the hot links.
const MISS_MAX_AGE_SECONDS = 5;
const MISS_MAX_ENTRIES = 1_000;

// The redirect's reads, cached in memory: bounded in entries and in age (an entry older than
// maxAgeSeconds is re-read, which is how a deactivation reaches every warm instance).
// Concurrent misses for one key share a single read.
export function makeCachedLookups(stores: { links: Pick<LinkStore, 'get'>; contents: Pick<ContentStore, 'get'> }, options: LookupCacheOptions): LinkLookups {
  const link = cached(
    options,
    (code: string) => code,
    (code) => stores.links.get(code),
  );
  const content = cached(
    options,
    ([workspaceId, contentId]: [string, string]) => `${workspaceId}#${contentId}`,
    ([workspaceId, contentId]) => stores.contents.get(workspaceId, contentId),
  );
  return {
    link,
    content: (workspaceId, contentId) => content([workspaceId, contentId]),
  };
}

function cached<Q, V extends object>(
  { maxAgeSeconds, maxEntries, now }: LookupCacheOptions,
  keyOf: (query: Q) => string,
  load: (query: Q) => Promise<V | null>,
): (query: Q) => Promise<V | null> {
  if (maxAgeSeconds <= 0) return load;
  const clock = now ? { perf: { now } } : {};
  const misses = new LRUCache<string, true>({
    max: Math.min(maxEntries, MISS_MAX_ENTRIES),
    ttl: Math.min(maxAgeSeconds, MISS_MAX_AGE_SECONDS) * 1000,
    ...clock,
  });
  // The query rides along as fetch context (typed unknown: lru-cache's overloads need a concrete type).
  const hits = new LRUCache<string, V, unknown>({
    max: maxEntries,
    ttl: maxAgeSeconds * 1000,
    ...clock,
    fetchMethod: async (key, _stale, { context }) => {
      const value = await load(context as Q);
      if (value === null) misses.set(key, true);
      return value ?? undefined; // undefined: nothing stored among the hits
    },
  });
  return async (query) => {
    const key = keyOf(query);
    if (misses.has(key)) return null;
    return (await hits.fetch(key, { context: query })) ?? null;
  };
}

// The public routes' rule for a code: an unknown code (or one whose content is gone from the
// store) is 404; a link of deactivated content is 410 (docs/contract.md §2).
export async function resolveActiveLink(lookups: LinkLookups, code: string): Promise<{ link: Link; content: Content }> {
  const link = isLinkCode(code) ? await lookups.link(code) : null;
  const content = link ? await lookups.content(link.workspaceId, link.contentId) : null;
  if (!link || !content) throw notFound('No share link has this code');
  if (!content.active) throw gone('The content behind this link is no longer active');
  return { link, content };
}
