import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient, ApiError } from '../api/client.js';
import type { CascadeNode, CascadePage } from '../api/types.js';
import { asApiError } from '../hooks/use-resource.js';

// The whole forest, a page of 5,000 nodes at a time, following nextCursor until it is null. The
// count so far shows while it loads. A failed page keeps what loaded and Retry goes on from that
// page (nothing is fetched twice). Pages are positions in one aggregation's order: if the
// aggregation moves on mid-way (computedAt changes), the load starts over so the tree is of one.

export const PAGE_SIZE = 5000;
/** Starts over at most this often, then goes on with what it has (each node at most once). */
const MAX_RESTARTS = 2;

export interface CascadeLoad {
  nodes: CascadeNode[];
  pages: number;
  computedAt: string | null;
  eventsThrough: string | null;
  /** The next page to ask for: undefined for the first, null once every page has loaded. */
  cursor: string | undefined | null;
  restarts: number;
}

export const startLoad = (): CascadeLoad => ({ nodes: [], pages: 0, computedAt: null, eventsThrough: null, cursor: undefined, restarts: 0 });

export type FetchPage = (cursor: string | undefined) => Promise<CascadePage>;

/** Loads pages from `load`'s cursor until the last, reporting each; stops early when `current()` turns false. */
export async function loadPages(
  fetchPage: FetchPage,
  load: CascadeLoad,
  progress: (load: CascadeLoad) => void,
  current: () => boolean = () => true,
): Promise<CascadeLoad> {
  let state = load;
  while (state.cursor !== null && current()) {
    const page = await fetchPage(state.cursor);
    if (!current()) break;
    state = withPage(state, page);
    progress(state);
  }
  return state;
}

function withPage(load: CascadeLoad, page: CascadePage): CascadeLoad {
  const moved = load.pages > 0 && page.computedAt !== load.computedAt;
  if (moved && load.restarts < MAX_RESTARTS) return { ...startLoad(), restarts: load.restarts + 1 };
  return {
    nodes: load.nodes.concat(page.nodes),
    pages: load.pages + 1,
    computedAt: load.pages === 0 ? page.computedAt : load.computedAt,
    eventsThrough: load.pages === 0 ? page.eventsThrough : load.eventsThrough,
    cursor: page.nextCursor,
    restarts: load.restarts,
  };
}

export type CascadeState =
  | { status: 'loading'; load: CascadeLoad }
  | { status: 'ready'; load: CascadeLoad }
  | { status: 'error'; load: CascadeLoad; error: ApiError };

/** The content's forest (or one tree of it) for a component: its progress, and Retry after an error. */
export function useCascade(client: Pick<ApiClient, 'cascade'>, contentId: string, root: string | undefined): { state: CascadeState; retry(): void } {
  const [state, setState] = useState<CascadeState>({ status: 'loading', load: startLoad() });
  const run = useRef(0);
  const go = useCallback(
    (from: CascadeLoad) => {
      const mine = ++run.current;
      const current = () => mine === run.current;
      const fetchPage: FetchPage = (cursor) =>
        client.cascade(contentId, { ...(root === undefined ? {} : { root }), limit: PAGE_SIZE, ...(cursor === undefined ? {} : { cursor }) });
      let latest = from;
      setState({ status: 'loading', load: from });
      const progress = (load: CascadeLoad) => {
        latest = load;
        if (current()) setState({ status: load.cursor === null ? 'ready' : 'loading', load });
      };
      loadPages(fetchPage, from, progress, current).catch(
        (error: unknown) => current() && setState({ status: 'error', load: latest, error: asApiError(error) }),
      );
    },
    [client, contentId, root],
  );
  useEffect(() => {
    go(startLoad());
    return () => void run.current++;
  }, [go]);
  return { state, retry: () => go(state.load) };
}
