import type { ComponentChildren } from 'preact';
import type { Resource } from '../hooks/use-resource.js';

// A resource's three states, the same everywhere: a loading line, an error that says what to do
// (with Retry when trying again can help: a 503, a lost connection), or the content.
export function ResourceView<T>({ resource, label, children }: { resource: Resource<T>; label: string; children: (value: T) => ComponentChildren }) {
  if (resource.status === 'error') return <ErrorBanner message={resource.error.message} retryable={resource.error.retryable} onRetry={resource.reload} />;
  if (resource.value === undefined)
    return (
      <p class="loading" role="status">
        Loading {label}…
      </p>
    );
  return <>{children(resource.value)}</>;
}

export function ErrorBanner({ message, retryable, onRetry }: { message: string; retryable: boolean; onRetry?: () => void }) {
  return (
    <div class={retryable ? 'banner banner-warning' : 'banner banner-error'} role="alert">
      <span>{retryable ? `${message} It is worth trying again in a moment.` : message}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
