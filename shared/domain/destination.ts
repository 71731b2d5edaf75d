import type { Content } from './content.js';
import type { Link } from './link.js';

// The redirect target: the content's URL with `{refParam}={code}` (and the link's UTM tags)
// added. The query is edited as raw text so the destination's own parameters keep their exact
// bytes (URLSearchParams would re-encode them, breaking signed URLs); the fragment is kept.
export function destinationFor(content: Content, link: Link): string {
  const added = new Map<string, string>();
  for (const [key, value] of Object.entries(link.utm ?? {})) {
    if (value !== undefined) added.set(`utm_${key}`, value);
  }
  // Set last so the code wins should refParam name a UTM tag (e.g. "utm_content").
  added.set(content.refParam, link.code);
  return withQueryParams(content.url, [...added]);
}

export function withQueryParams(url: string, params: [string, string][]): string {
  const hashAt = url.indexOf('#');
  const fragment = hashAt === -1 ? '' : url.slice(hashAt);
  const beforeFragment = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeFragment.indexOf('?');
  const base = queryAt === -1 ? beforeFragment : beforeFragment.slice(0, queryAt);
  const query = queryAt === -1 ? '' : beforeFragment.slice(queryAt + 1);

  const replaced = new Set(params.map(([key]) => key));
  const kept = query.split('&').filter((pair) => pair !== '' && !replaced.has(decodeKey(pair)));
  const appended = params.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  return `${base}?${[...kept, ...appended].join('&')}${fragment}`;
}

function decodeKey(pair: string): string {
  const rawKey = pair.split('=', 1)[0] ?? '';
  try {
    return decodeURIComponent(rawKey.replace(/\+/g, ' '));
  } catch {
    return rawKey;
  }
}
