import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

// A <details> whose content is made only once opened: the reference has hundreds of answers and
// nested schemas, and a closed one costs the page nothing.
export function Disclosure({
  summary,
  class: className,
  children,
  ...data
}: { summary: ComponentChildren; class?: string; children: () => ComponentChildren } & Record<`data-${string}`, string>) {
  const [open, setOpen] = useState(false);
  return (
    <details class={className} {...data} onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>{summary}</summary>
      {open && children()}
    </details>
  );
}
