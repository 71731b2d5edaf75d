import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';

// One API read's state for a component: loading, its value, or its error, with a reload. A
// newer load supersedes an older one still in flight (no stale answer overwrites a fresh one).
export type Resource<T> =
  | { status: 'loading'; value?: T; reload(): void }
  | { status: 'ready'; value: T; reload(): void }
  | { status: 'error'; error: ApiError; value?: T; reload(): void };

export function useResource<T>(load: () => Promise<T>, inputs: readonly unknown[]): Resource<T> {
  const [state, setState] = useState<{ status: 'loading' | 'ready' | 'error'; value?: T; error?: ApiError }>({ status: 'loading' });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((previous) => ({ status: 'loading', ...(previous.value === undefined ? {} : { value: previous.value }) }));
    load().then(
      (value) => mine === generation.current && setState({ status: 'ready', value }),
      (error: unknown) => mine === generation.current && setState((previous) => ({ ...previous, status: 'error', error: asApiError(error) })),
    );
    // eslint-style exhaustive deps are the caller's `inputs`.
  }, inputs);
  useEffect(run, [run]);
  return { ...state, reload: run } as Resource<T>;
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'client_error', error instanceof Error ? error.message : String(error));
}
