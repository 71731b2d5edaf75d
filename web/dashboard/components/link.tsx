import type { ComponentChildren } from 'preact';
import { hrefOf, navigate, type Route } from '../router.js';

/** A link to a dashboard page: a real href (open in a new tab works), followed without a reload. */
export function Link({ to, children, class: className }: { to: Route; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={hrefOf(to)}
      class={className}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
