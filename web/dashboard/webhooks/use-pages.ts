import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiError } from '../api/client.js';
import type { Page } from '../api/types.js';
import { asApiError } from '../hooks/use-resource.js';

// A paginated listing read page after page ("More" appends the next one, behind the API's
// cursor). A reload starts again from the first page; an answer to a superseded load is dropped.
export interface Pages<T> {
  /** Whether the first page has arrived (before that, `items` is empty for no reason yet). */
  loaded: boolean;
  loading: boolean;
  items: T[];
  nextCursor: string | null;
  error: ApiError | null;
  more(): void;
  reload(): void;
  /** Retries what failed: the first page, or the page "More" asked for. */
  retry(): void;
  remove(match: (item: T) => boolean): void;
}

interface State<T> {
  loaded: boolean;
  loading: boolean;
  items: T[];
  nextCursor: string | null;
  error: ApiError | null;
  failed?: string | undefined;
}

export function usePages<T>(load: (cursor: string | undefined) => Promise<Page<T>>, inputs: readonly unknown[]): Pages<T> {
  const [state, setState] = useState<State<T>>({ loaded: false, loading: true, items: [], nextCursor: null, error: null });
  const generation = useRef(0);
  const fetchPage = useCallback((cursor: string | undefined) => {
    const mine = cursor === undefined ? ++generation.current : generation.current;
    const current = () => mine === generation.current;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    load(cursor).then(
      (page) =>
        current() &&
        setState((previous) => ({
          loaded: true,
          loading: false,
          error: null,
          items: cursor === undefined ? page.items : [...previous.items, ...page.items],
          nextCursor: page.nextCursor,
        })),
      (error: unknown) => current() && setState((previous) => ({ ...previous, loading: false, error: asApiError(error), failed: cursor })),
    );
  }, inputs);
  useEffect(() => fetchPage(undefined), [fetchPage]);
  return {
    ...state,
    more: () => state.nextCursor !== null && fetchPage(state.nextCursor),
    reload: () => fetchPage(undefined),
    retry: () => fetchPage(state.failed),
    remove: (match) => setState((previous) => ({ ...previous, items: previous.items.filter((item) => !match(item)) })),
  };
}
