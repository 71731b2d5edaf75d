import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { useDashboard } from '../context.js';

export interface MetricTileProps {
  /** The report's field name: the tile's `data-metric` hook. */
  metric: string;
  label: string;
  /** The API's value, as returned: the tile's `data-value` is its JSON. */
  raw: unknown;
  /** The value as it reads. */
  shown: ComponentChildren;
  /** One line on what the number is (docs/metrics.md has the full definition). */
  help: string;
  /** Why the value is empty or 0, when it is. */
  why?: string | null | false;
  children?: ComponentChildren;
}

// One number of a report: its value as the API gave it, what it means (on hover, and behind "?"
// for touch and keyboard), and why it is empty or 0 when it is.
export function MetricTile({ metric, label, raw, shown, help, why, children }: MetricTileProps) {
  const helpId = useId();
  const { config } = useDashboard();
  const [helpOpen, setHelpOpen] = useState(false);
  return (
    <div
      class="tile"
      role="group"
      aria-label={label}
      aria-describedby={helpId}
      data-metric={metric}
      data-value={JSON.stringify(raw)}
      title={`${help} (docs/metrics.md)`}
    >
      <div class="tile-head">
        <span class="tile-label">{label}</span>
        <button
          type="button"
          class="tile-help-toggle"
          aria-expanded={helpOpen}
          aria-controls={helpId}
          aria-label="What this number means"
          onClick={() => setHelpOpen(!helpOpen)}
        >
          ?
        </button>
      </div>
      <div class="tile-value">{shown}</div>
      {why ? <p class="tile-why">{why}</p> : null}
      {children}
      <p id={helpId} class={helpOpen ? 'tile-help' : 'visually-hidden'}>
        {help} Defined in{' '}
        <a href={`${config.appBase}/assets/metrics.md`} target="_blank" rel="noopener">
          docs/metrics.md
        </a>
        .
      </p>
    </div>
  );
}
