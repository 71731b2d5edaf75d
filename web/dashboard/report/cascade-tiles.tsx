import { formatCount, formatDuration, formatMoney, formatRatio } from '../format.js';
import { MetricTile } from './metric-tile.js';
import { type AnyReport, CountTile } from './tiles.js';

// The tiles about the cascades' shape and timing, and what they converted.

export function StructuralViralityTile({ report }: { report: AnyReport }) {
  const value = report.structuralVirality;
  return (
    <MetricTile
      metric="structuralVirality"
      label="Structural virality"
      raw={value}
      shown={formatRatio(value)}
      help="Mean distance between two links of a cascade, weighted by cascade size: near 1 is a broadcast, higher is person-to-person spread."
      why={value === null && 'Needs a cascade of two links or more: no re-share yet'}
    />
  );
}

export function DepthTile({ report }: { report: AnyReport }) {
  return (
    <MetricTile
      metric="depth"
      label="Depth"
      raw={report.depth}
      shown={formatCount(report.depth)}
      help="The deepest generation reached: 0 is a seed link, 1 a re-share of it, 2 a re-share of that, and so on."
      why={report.depth === 0 && (report.links === 0 ? 'No link minted yet' : 'No re-share yet: every link is a seed link')}
    />
  );
}

export function LargestCascadeTile({ report }: { report: AnyReport }) {
  const largest = report.largestCascade;
  return (
    <MetricTile
      metric="largestCascade"
      label="Largest cascade"
      raw={largest}
      shown={largest === null ? '—' : `${formatCount(largest.size)} links, depth ${formatCount(largest.depth)}`}
      help="The biggest tree of links grown from one seed link: its size in links and its depth."
      why={largest === null && 'No link minted yet'}
    />
  );
}

export function CycleTimeTile({ report }: { report: AnyReport }) {
  const value = report.viralCycleTimeSeconds;
  return (
    <MetricTile
      metric="viralCycleTimeSeconds"
      label="Viral cycle time"
      raw={value}
      shown={formatDuration(value)}
      help="Median time from a link's creation to a re-share made from it."
      why={value === null && 'No re-share yet'}
    />
  );
}

export function ConversionTiles({ report }: { report: AnyReport }) {
  const byCurrency = Object.entries(report.conversionValueByCurrency);
  return (
    <>
      <CountTile report={report} metric="conversions" />
      <MetricTile
        metric="conversionValue"
        label="Conversion value"
        raw={report.conversionValue}
        shown={formatRatio(report.conversionValue)}
        help="The conversions' values summed whatever their currency; the split by currency is below."
        why={report.conversionValue === 0 && (report.conversions === 0 ? 'No conversion recorded yet' : 'The conversions were recorded without a value')}
      >
        {byCurrency.length > 0 && (
          <ul class="tile-list" data-value={JSON.stringify(report.conversionValueByCurrency)}>
            {byCurrency.map(([currency, value]) => (
              <li data-currency={currency}>{formatMoney(value, currency)}</li>
            ))}
          </ul>
        )}
      </MetricTile>
    </>
  );
}
