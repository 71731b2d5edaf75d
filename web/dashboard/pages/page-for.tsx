import { useResource } from '../hooks/use-resource.js';
import { ResourceView } from '../components/resource-view.js';
import { useDashboard } from '../context.js';
import { useRoute } from '../router.js';
import { CampaignPage } from './campaign.js';
import { ContentPage } from './content.js';
import { ContentsPage } from './contents.js';
import { NotFoundPage } from './not-found.js';
import { WebhooksPage } from './webhooks.js';

// The page of the current route. The cascade tree (canvas, layouts) and the API reference load only when opened.
export function PageFor() {
  const route = useRoute();
  const { config } = useDashboard();
  switch (route.page) {
    case 'contents':
      return <ContentsPage campaign={route.campaign} cursor={route.cursor} />;
    case 'content':
      return <ContentPage contentId={route.contentId} />;
    case 'tree':
      return <LazyTreePage contentId={route.contentId} root={route.root} />;
    case 'campaign':
      return <CampaignPage campaign={route.campaign} />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'api':
      return <LazyApiReferencePage apiBase={config.apiBase} />;
    case 'share':
    case 'not-found':
      return <NotFoundPage />;
  }
}

/** The API reference (its own chunk): open signed in or not, since the API's description is public. */
export function LazyApiReferencePage({ apiBase }: { apiBase: string }) {
  const module = useResource(() => import('../api-reference/api-reference-page.js'), []);
  return (
    <ResourceView resource={module} label="the API reference">
      {({ ApiReferencePage }) => <ApiReferencePage documentUrl={`${apiBase}/v1/openapi.json`} />}
    </ResourceView>
  );
}

function LazyTreePage(props: { contentId: string; root: string | undefined }) {
  const module = useResource(() => import('../cascade/tree-page.js'), []);
  return (
    <ResourceView resource={module} label="the cascade view">
      {({ TreePage }) => <TreePage {...props} />}
    </ResourceView>
  );
}
