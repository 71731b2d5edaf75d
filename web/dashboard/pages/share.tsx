import { useMemo } from 'preact/hooks';
import { apiClient } from '../api/client.js';
import { ResourceView } from '../components/resource-view.js';
import { DashboardContext } from '../context.js';
import { useResource } from '../hooks/use-resource.js';
import type { PageConfig } from '../page-config.js';
import { ContentPage } from './content.js';

// A read-only share (`/app/r/<token>`): one content's report and cascade tree for anyone holding
// the link, without a key. The token is the API credential, and the API lets it read only that
// content (docs/dashboard.md); nothing here writes, and nothing is kept in the browser.
export function SharePage({ config, token }: { config: PageConfig; token: string }) {
  const client = useMemo(() => apiClient({ apiBase: config.apiBase, credential: token }), [config.apiBase, token]);
  const contentId = config.sharedContentId;
  return (
    <DashboardContext.Provider value={{ client, config, readOnly: true }}>
      <header class="top-bar">
        <span class="brand">Ripple</span>
        <span class="muted">A read-only report shared with you</span>
      </header>
      <main class="page">
        {contentId === null ? (
          <p class="banner banner-error" role="alert">
            This share link does not exist, was revoked or has expired.
          </p>
        ) : (
          <>
            <ContentPage contentId={contentId} />
            <h2>Cascade tree</h2>
            <LazyCascade contentId={contentId} />
          </>
        )}
      </main>
    </DashboardContext.Provider>
  );
}

function LazyCascade({ contentId }: { contentId: string }) {
  const module = useResource(() => import('../cascade/cascade-view.js'), []);
  return (
    <ResourceView resource={module} label="the cascade view">
      {({ CascadeView }) => <CascadeView contentId={contentId} />}
    </ResourceView>
  );
}
