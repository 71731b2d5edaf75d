import type { ComponentChildren } from 'preact';
import { Link } from './link.js';

export function Layout({ onSignOut, children }: { onSignOut?: () => void; children: ComponentChildren }) {
  return (
    <>
      <header class="top-bar">
        <Link to={{ page: 'contents' }} class="brand">
          Ripple
        </Link>
        <nav aria-label="Main">
          <Link to={{ page: 'contents' }}>Contents</Link>
          <Link to={{ page: 'webhooks' }}>Webhooks</Link>
          <Link to={{ page: 'api' }}>API</Link>
        </nav>
        {onSignOut && (
          <button type="button" class="secondary" onClick={onSignOut}>
            Sign out
          </button>
        )}
      </header>
      <main class="page">{children}</main>
    </>
  );
}
