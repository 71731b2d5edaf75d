import { useEffect, useState } from 'preact/hooks';

// The dashboard's pages as paths under its base (`/app`), so every view has a URL a marketer
// can bookmark or paste. The History API moves between them without reloading.
export type Route =
  | { page: 'contents'; campaign?: string; cursor?: string }
  | { page: 'content'; contentId: string }
  | { page: 'tree'; contentId: string; root?: string }
  | { page: 'campaign'; campaign: string }
  | { page: 'webhooks' }
  | { page: 'api' }
  | { page: 'share'; token: string }
  | { page: 'not-found'; path: string };

export function parseRoute(path: string, search = ''): Route {
  const query = new URLSearchParams(search);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  const optional = (name: string) => query.get(name) ?? undefined;
  if (parts.length === 0) return withOptional({ page: 'contents' }, { campaign: optional('campaign'), cursor: optional('cursor') });
  if (first === 'contents' && second && parts.length === 2) return { page: 'content', contentId: second };
  if (first === 'contents' && second && third === 'tree' && parts.length === 3)
    return withOptional({ page: 'tree', contentId: second }, { root: optional('root') });
  if (first === 'campaigns' && second && parts.length === 2) return { page: 'campaign', campaign: second };
  if (first === 'webhooks' && parts.length === 1) return { page: 'webhooks' };
  if (first === 'api' && parts.length === 1) return { page: 'api' };
  if (first === 'r' && second && parts.length === 2) return { page: 'share', token: second };
  return { page: 'not-found', path };
}

/** The path of a route, relative to the dashboard's base. */
export function pathOf(route: Route): string {
  const id = encodeURIComponent;
  const search = (query: Record<string, string | undefined>) => {
    const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return params.size ? `?${params}` : '';
  };
  switch (route.page) {
    case 'contents':
      return `/${search({ campaign: route.campaign, cursor: route.cursor })}`;
    case 'content':
      return `/contents/${id(route.contentId)}`;
    case 'tree':
      return `/contents/${id(route.contentId)}/tree${search({ root: route.root })}`;
    case 'campaign':
      return `/campaigns/${id(route.campaign)}`;
    case 'webhooks':
      return '/webhooks';
    case 'api':
      return '/api';
    case 'share':
      return `/r/${id(route.token)}`;
    case 'not-found':
      return route.path;
  }
}

function withOptional<T extends object>(route: T, optional: Record<string, string | undefined>): T {
  const present = Object.entries(optional).filter(([, value]) => value !== undefined);
  return { ...route, ...Object.fromEntries(present) };
}

let base = '/app';
const listeners = new Set<() => void>();

export function setRouterBase(appBase: string): void {
  base = appBase.replace(/\/+$/, '');
}

/** The page's URL path: the contents page is the base itself (`/app`, `/app?campaign=…`). */
export function hrefOf(route: Route): string {
  const path = pathOf(route);
  return `${base}${path.startsWith('/?') || path === '/' ? path.slice(1) : path}`;
}

export function currentRoute(location: Location = window.location): Route {
  const path = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : location.pathname;
  return parseRoute(path, location.search);
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = hrefOf(route);
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.scrollTo?.(0, 0);
  for (const listener of listeners) listener();
}

/** The current route; re-renders on navigation and on the browser's back and forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => currentRoute());
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
