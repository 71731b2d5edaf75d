import type { ComponentChildren } from 'preact';
import { ArrivalsTable, ChannelsTable, ReferrersTable } from './breakdown-tables.js';
import { GenerationBars, GenerationTable } from './generation-bars.js';
import { ReportTiles } from './report-tiles.js';
import type { AnyReport } from './tiles.js';

// A report's parts, for the content and campaign pages (and a read-only share, through the
// content page). `name` names the CSV files.

/** The tiles, after a word when nothing has been aggregated yet. `kControl` goes in the K tile. */
export function ReportSummary({ report, kControl }: { report: AnyReport; kControl?: ComponentChildren }) {
  return (
    <>
      {report.computedAt === null && (
        <p class="banner banner-warning" role="status">
          Not aggregated yet: every count is 0 until the first aggregation run takes these events in.
        </p>
      )}
      <ReportTiles report={report} kControl={kControl} />
    </>
  );
}

/** Generations (bars and table), channels and top referrers. */
export function ReportBreakdowns({ report, name }: { report: AnyReport; name: string }) {
  return (
    <>
      <h2>Generations</h2>
      <GenerationBars rows={report.perGeneration} />
      <GenerationTable rows={report.perGeneration} csvName={`${name}-generations`} />
      <h2>Where it spread</h2>
      <ChannelsTable channels={report.channels} csvName={`${name}-channels`} />
      <ArrivalsTable arrivals={report.arrivals} csvName={`${name}-arrivals`} />
      <ReferrersTable referrers={report.referrers} csvName={`${name}-referrers`} />
    </>
  );
}

/** A whole report: tiles, then breakdowns. */
export function ReportView({ report, name, kControl }: { report: AnyReport; name: string; kControl?: ComponentChildren }) {
  return (
    <>
      <ReportSummary report={report} kControl={kControl} />
      <ReportBreakdowns report={report} name={name} />
    </>
  );
}
