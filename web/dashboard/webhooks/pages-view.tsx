import type { ComponentChildren } from 'preact';
import { ErrorBanner } from '../components/resource-view.js';
import type { Pages } from './use-pages.js';

// A paginated listing's states: loading, its error (Retry), its sentence when empty (unless the
// children say it themselves), the items,
// and "More" while the API says there is a next page.
export function PagesView<T>({
  pages,
  label,
  empty,
  children,
}: {
  pages: Pages<T>;
  label: string;
  empty?: string;
  children: (items: T[]) => ComponentChildren;
}) {
  const error = pages.error && <ErrorBanner message={pages.error.message} retryable={pages.error.retryable} onRetry={pages.retry} />;
  if (!pages.loaded)
    return (
      error ?? (
        <p class="loading" role="status">
          Loading {label}…
        </p>
      )
    );
  return (
    <>
      {pages.items.length === 0 && empty !== undefined ? <p class="empty">{empty}</p> : children(pages.items)}
      {error}
      {pages.nextCursor !== null && (
        <button type="button" class="secondary more" disabled={pages.loading} onClick={pages.more}>
          {pages.loading ? 'Loading…' : 'More'}
        </button>
      )}
    </>
  );
}
