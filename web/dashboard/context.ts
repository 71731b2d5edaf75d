import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api/client.js';
import type { PageConfig } from './page-config.js';

/** What every page needs: the API client (signed in with a key, or a share's token) and the page's config. */
export interface Dashboard {
  client: ApiClient;
  config: PageConfig;
  /** True on a read-only share's page: nothing that writes is shown. */
  readOnly: boolean;
}

export const DashboardContext = createContext<Dashboard | null>(null);

export function useDashboard(): Dashboard {
  const dashboard = useContext(DashboardContext);
  if (!dashboard) throw new Error('useDashboard outside DashboardContext');
  return dashboard;
}
