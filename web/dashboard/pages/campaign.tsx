import { useState } from 'preact/hooks';
import { ResourceView } from '../components/resource-view.js';
import { useDashboard } from '../context.js';
import { useResource } from '../hooks/use-resource.js';
import { loadCampaignContents } from '../report/campaign-contents.js';
import { CampaignHeader } from '../report/campaign-header.js';
import { type KWindowChoice, kWindowParam } from '../report/k-window.js';
import { KWindowSelect } from '../report/k-window-select.js';
import { ContentsRanking } from '../report/contents-ranking.js';
import { ReportBreakdowns, ReportSummary } from '../report/report-view.js';
import { SeriesPanel } from '../report/series-panel.js';

// A campaign (issue 9, "A campaign"): its contents' reports summed (docs/metrics.md, "Campaigns"),
// its activity over time, and its contents ranked by earned reach or by K.
export function CampaignPage({ campaign }: { campaign: string }) {
  const { client } = useDashboard();
  const [chosen, setChosen] = useState<{ campaign: string; kWindow: KWindowChoice } | null>(null);
  const kWindow = chosen?.campaign === campaign ? chosen.kWindow : 'default';
  const report = useResource(() => client.campaignReport(campaign, kWindowParam(kWindow)), [campaign, kWindow]);
  const kControl = <KWindowSelect value={kWindow} contentWindowSeconds="per-content" onChange={(choice) => setChosen({ campaign, kWindow: choice })} />;
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const contents = useResource(() => loadCampaignContents(client, campaign, (done, total) => setProgress({ done, total })), [campaign]);
  const firstCreated = contents.value?.rows.map((row) => row.content.createdAt).sort()[0];
  return (
    <article class="report-page">
      <CampaignHeader campaign={campaign} report={report.value} />
      <ResourceView resource={report} label="the campaign’s report">
        {(value) => <ReportSummary report={value} kControl={kControl} />}
      </ResourceView>
      <h2>Activity</h2>
      <SeriesPanel key={campaign} load={(query) => client.campaignSeries(campaign, query)} createdAt={firstCreated} />
      <h2>Ranking</h2>
      <ResourceView
        resource={contents}
        label={progress && progress.total > 0 ? `the contents’ reports (${progress.done} of ${progress.total})` : 'the campaign’s contents'}
      >
        {(value) => <ContentsRanking rows={value.rows} capped={value.capped} campaign={campaign} />}
      </ResourceView>
      {report.value && <ReportBreakdowns report={report.value} name={`campaign-${campaign}`} />}
    </article>
  );
}
