import type { ComponentChildren } from 'preact';
import { ConversionTiles, CycleTimeTile, DepthTile, LargestCascadeTile, StructuralViralityTile } from './cascade-tiles.js';
import { AmplificationTile, type AnyReport, CountTile, KFactorTile } from './tiles.js';

// Every tile of a report, spread first (K, amplification, reach), then traffic, shape, conversions.
// `kControl` sits in the K tile (the content page's window selector).
export function ReportTiles({ report, kControl }: { report: AnyReport; kControl?: ComponentChildren }) {
  return (
    <div class="tiles">
      <KFactorTile report={report}>{kControl}</KFactorTile>
      <AmplificationTile report={report} />
      <CountTile report={report} metric="seedReach" />
      <CountTile report={report} metric="earnedReach" />
      <CountTile report={report} metric="uniqueVisitors" />
      <CountTile report={report} metric="clicks" />
      <CountTile report={report} metric="botClicks" />
      <CountTile report={report} metric="links" />
      <CountTile report={report} metric="reshares" />
      <StructuralViralityTile report={report} />
      <DepthTile report={report} />
      <LargestCascadeTile report={report} />
      <CycleTimeTile report={report} />
      <ConversionTiles report={report} />
    </div>
  );
}
