import { useState } from 'preact/hooks';
import type { ContentReport, ContentView } from '../api/types.js';
import { ResourceView } from '../components/resource-view.js';
import { useDashboard } from '../context.js';
import { type Resource, useResource } from '../hooks/use-resource.js';
import { ContentHeader } from '../report/content-header.js';
import { type KWindowChoice, kWindowParam } from '../report/k-window.js';
import { KWindowSelect } from '../report/k-window-select.js';
import { ReportBreakdowns, ReportSummary } from '../report/report-view.js';
import { SeriesPanel } from '../report/series-panel.js';
import { SharePanel } from '../report/share-panel.js';

// One content's report (issue 9, "A content"): tiles, activity over time, generations, channels
// and referrers, and its read-only share links. On a share's page (readOnly) nothing writes. The
// report is asked for alongside the content, not after it.
export function ContentPage({ contentId }: { contentId: string }) {
  const { client } = useDashboard();
  // The window chosen is this content's: another content starts on its own default.
  const [chosen, setChosen] = useState<{ contentId: string; kWindow: KWindowChoice } | null>(null);
  const kWindow = chosen?.contentId === contentId ? chosen.kWindow : 'default';
  const content = useResource(() => client.getContent(contentId), [contentId]);
  const report = useResource(() => client.report(contentId, kWindowParam(kWindow)), [contentId, kWindow]);
  return (
    <ResourceView resource={content} label="the content">
      {(value) => (
        <ContentReportView
          key={value.id}
          content={value}
          report={reportOf(report, value.id)}
          kWindow={kWindow}
          onKWindow={(choice) => setChosen({ contentId, kWindow: choice })}
        />
      )}
    </ResourceView>
  );
}

// While another content's report is still shown (the page moved on), this one is loading.
function reportOf(report: Resource<ContentReport>, contentId: string): Resource<ContentReport> {
  if (report.value === undefined || report.value.contentId === contentId) return report;
  return report.status === 'error' ? { status: 'error', error: report.error, reload: report.reload } : { status: 'loading', reload: report.reload };
}

interface ViewProps {
  content: ContentView;
  report: Resource<ContentReport>;
  kWindow: KWindowChoice;
  onKWindow: (choice: KWindowChoice) => void;
}

function ContentReportView({ content, report, kWindow, onKWindow }: ViewProps) {
  const { client } = useDashboard();
  const kControl = <KWindowSelect value={kWindow} contentWindowSeconds={content.kWindowSeconds} onChange={onKWindow} />;
  return (
    <article class="report-page">
      <ContentHeader content={content} eventsThrough={report.value?.eventsThrough} />
      <ResourceView resource={report} label="the report">
        {(value) => <ReportSummary report={value} kControl={kControl} />}
      </ResourceView>
      <h2>Activity</h2>
      <SeriesPanel load={(query) => client.series(content.id, query)} createdAt={content.createdAt} />
      {report.value && <ReportBreakdowns report={report.value} name={`content-${content.id}`} />}
      <SharePanel contentId={content.id} />
    </article>
  );
}
