import { useState } from 'preact/hooks';
import type { Series, SeriesParams } from '../api/types.js';
import { ResourceView } from '../components/resource-view.js';
import { formatAsOf } from '../format.js';
import { useResource } from '../hooks/use-resource.js';
import { SeriesChart } from './series-chart.js';
import { browserTimeZone, customRange, localInputValue, type Preset, PRESETS, presetRange, seriesQuery, type TimeRange } from './series-range.js';

type Choice = { preset: Preset | 'custom'; range: TimeRange };

// Activity over time: a range (presets ending now, everything since `createdAt`, or a custom
// range), in the browser's time zone, optionally against the period before. `load` is the
// content's or the campaign's series route.
export function SeriesPanel({ load, createdAt, initial = '7d' }: { load: (query: SeriesParams) => Promise<Series>; createdAt?: string; initial?: Preset }) {
  const [choice, setChoice] = useState<Choice>(() => ({ preset: initial, range: presetRange(initial, Date.now(), createdAt) }));
  const [compare, setCompare] = useState(false);
  const tz = browserTimeZone();
  const series = useResource(() => load(seriesQuery(choice.range, tz, compare)), [choice, compare, tz]);
  const pick = (preset: Preset) => setChoice({ preset, range: presetRange(preset, Date.now(), createdAt) });
  return (
    <section class="panel series-panel" aria-label="Activity over time">
      <div class="series-controls">
        <div class="preset-buttons" role="group" aria-label="Range">
          {PRESETS.filter((preset) => preset.id !== 'all' || createdAt !== undefined).map((preset) => (
            <button
              type="button"
              class={choice.preset === preset.id ? 'small' : 'secondary small'}
              aria-pressed={choice.preset === preset.id}
              onClick={() => pick(preset.id)}
            >
              {preset.label}
            </button>
          ))}
        </div>
        <label class="inline">
          <input type="checkbox" checked={compare} onChange={(event) => setCompare(event.currentTarget.checked)} />
          Compare to previous period
        </label>
        <span class="muted">Times in {tz}</span>
      </div>
      <CustomRangeForm key={`${choice.range.fromMs}-${choice.range.toMs}`} range={choice.range} onApply={(range) => setChoice({ preset: 'custom', range })} />
      <ResourceView resource={series} label="the activity">
        {(value) => (
          <>
            <SeriesChart series={value} />
            <p class="muted small-print">
              {value.buckets.length} {value.interval} buckets · {formatAsOf(value.eventsThrough)}
              {value.previous ? ' · dashed: the period before' : ''}
            </p>
          </>
        )}
      </ResourceView>
    </section>
  );
}

// Two datetime-local inputs (the browser's zone); a start not before the end is refused here,
// before any request.
function CustomRangeForm({ range, onApply }: { range: TimeRange; onApply: (range: TimeRange) => void }) {
  const [from, setFrom] = useState(() => localInputValue(range.fromMs));
  const [to, setTo] = useState(() => localInputValue(range.toMs));
  const [error, setError] = useState<string | null>(null);
  const apply = (event: Event) => {
    event.preventDefault();
    const result = customRange(from, to);
    if ('error' in result) return setError(result.error);
    setError(null);
    onApply(result);
  };
  return (
    <form class="row custom-range" onSubmit={apply} aria-label="Custom range">
      <label>
        From
        <input type="datetime-local" name="from" value={from} onInput={(event) => setFrom(event.currentTarget.value)} />
      </label>
      <label>
        To
        <input type="datetime-local" name="to" value={to} onInput={(event) => setTo(event.currentTarget.value)} />
      </label>
      <button type="submit" class="secondary">
        Apply
      </button>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
