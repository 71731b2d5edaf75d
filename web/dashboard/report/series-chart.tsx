import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import type { Series, SeriesBucket } from '../api/types.js';

// The series as a uPlot line chart. uPlot (and its canvas) loads only when a chart is drawn, so the
// first page's script stays small; its style sheet comes with styles/report.css. The element's
// data-buckets says how many buckets the API returned.

const LINES: readonly { field: 'clicks' | 'newVisitors' | 'reshares'; label: string; color: string }[] = [
  { field: 'clicks', label: 'Human clicks', color: '#2563eb' },
  { field: 'newVisitors', label: 'New visitors', color: '#16a34a' },
  { field: 'reshares', label: 'Re-shares', color: '#d97706' },
];

const isQuiet = (buckets: readonly SeriesBucket[] = []) =>
  buckets.every(
    (bucket) =>
      bucket.clicks === 0 && bucket.botClicks === 0 && bucket.newVisitors === 0 && bucket.links === 0 && bucket.reshares === 0 && bucket.conversions === 0,
  );

export function SeriesChart({ series }: { series: Series }) {
  const empty = isQuiet(series.buckets) && isQuiet(series.previous);
  return (
    <figure class="series-chart" data-testid="series-chart" data-buckets={series.buckets.length} data-interval={series.interval} data-empty={empty}>
      {empty ? <p class="empty chart-empty">No activity in this range</p> : <SeriesPlot series={series} />}
    </figure>
  );
}

function SeriesPlot({ series }: { series: Series }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    let plot: uPlot | null = null;
    let cancelled = false;
    const resize = new ResizeObserver(() => plot?.setSize(sizeOf(element)));
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      plot = new UPlot(plotOptions(series, sizeOf(element)), plotData(series), element);
      resize.observe(element);
    });
    return () => {
      cancelled = true;
      resize.disconnect();
      plot?.destroy();
    };
  }, [series]);
  return <div ref={host} class="series-plot" />;
}

const sizeOf = (element: HTMLElement) => ({ width: Math.max(element.clientWidth, 320), height: 260 });

/** x = each bucket's start (seconds); then the lines; then the previous period's, on the same x. */
function plotData(series: Series): uPlot.AlignedData {
  const x = series.buckets.map((bucket) => Date.parse(bucket.start) / 1000);
  const lines = LINES.map((line) => series.buckets.map((bucket) => bucket[line.field]));
  const previous = series.previous ? LINES.map((line) => series.buckets.map((_, i) => series.previous?.[i]?.[line.field] ?? null)) : [];
  return [x, ...lines, ...previous];
}

function plotOptions(series: Series, size: { width: number; height: number }): uPlot.Options {
  const current = LINES.map((line) => ({ label: line.label, stroke: line.color, width: 2, points: { show: false } }));
  const previous = series.previous
    ? LINES.map((line) => ({ label: `${line.label} (previous period)`, stroke: line.color, width: 1.5, dash: [6, 4], points: { show: false } }))
    : [];
  return {
    ...size,
    class: 'series-uplot',
    series: [{ label: 'Bucket start' }, ...current, ...previous],
    axes: [
      { stroke: '#5b6470', grid: { stroke: 'rgba(128,128,128,0.15)' } },
      { stroke: '#5b6470', grid: { stroke: 'rgba(128,128,128,0.15)' } },
    ],
    scales: { y: { range: (_plot, _min, max) => [0, Math.max(1, max ?? 0)] } },
    legend: { live: true },
  };
}
