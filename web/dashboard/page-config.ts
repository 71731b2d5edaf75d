// What the server tells the page in <meta> tags (shared/dashboard/dashboard-page.ts): where the
// dashboard and the API live, and on a read-only share's page, the content it shows.
export interface PageConfig {
  appBase: string;
  apiBase: string;
  sharedContentId: string | null;
}

export function readPageConfig(doc: Document = document): PageConfig {
  const meta = (name: string) => doc.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? null;
  return { appBase: meta('ripple-app-base') ?? '/app', apiBase: meta('ripple-api-base') ?? '', sharedContentId: meta('ripple-shared-content') };
}
