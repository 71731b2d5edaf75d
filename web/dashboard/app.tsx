import { useMemo, useState } from 'preact/hooks';
import { type ApiClient, ApiError, apiClient } from './api/client.js';
import { Layout } from './components/layout.js';
import { DashboardContext } from './context.js';
import type { PageConfig } from './page-config.js';
import { LazyApiReferencePage, PageFor } from './pages/page-for.js';
import { SharePage } from './pages/share.js';
import { SignIn } from './pages/sign-in.js';
import { useRoute } from './router.js';
import { forgetKey, rememberKey, storedKey, takeKeyFromFragment } from './session.js';

const KEY_REFUSED = 'That API key was not accepted: it is wrong or has been revoked. Sign in with a current key.';

export function App({ config }: { config: PageConfig }) {
  const route = useRoute();
  if (route.page === 'share') return <SharePage config={config} token={route.token} />;
  return <SignedInApp config={config} />;
}

function SignedInApp({ config }: { config: PageConfig }) {
  const route = useRoute();
  const [key, setKey] = useState<string | null>(initialKey);
  const [notice, setNotice] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const signOut = (message: string | null) => {
    forgetKey();
    setKey(null);
    setNotice(message);
  };
  const client = useMemo(
    () => (key === null ? null : signingOutOn401(apiClient({ apiBase: config.apiBase, credential: key }), () => signOut(KEY_REFUSED))),
    [key],
  );

  async function signIn(candidate: string, remember: boolean) {
    setChecking(true);
    try {
      await apiClient({ apiBase: config.apiBase, credential: candidate }).listContents({ limit: 1 });
      rememberKey(candidate, remember);
      setNotice(null);
      setKey(candidate);
    } catch (error) {
      setNotice(error instanceof ApiError && error.signedOut ? KEY_REFUSED : error instanceof Error ? error.message : String(error));
    } finally {
      setChecking(false);
    }
  }

  if (client === null && route.page === 'api') {
    // The API's description is public: readable before signing in.
    return (
      <Layout>
        <LazyApiReferencePage apiBase={config.apiBase} />
      </Layout>
    );
  }
  if (client === null) return <SignIn notice={notice} checking={checking} onSignIn={signIn} />;
  return (
    <DashboardContext.Provider value={{ client, config, readOnly: false }}>
      <Layout onSignOut={() => signOut(null)}>
        <PageFor />
      </Layout>
    </DashboardContext.Provider>
  );
}

// A sign-in link's key wins over a stored one, and is kept for this tab only.
function initialKey(): string | null {
  const fromLink = takeKeyFromFragment();
  if (fromLink !== null) rememberKey(fromLink, false);
  return fromLink ?? storedKey();
}

/** The client, but a 401 on any call (the key was revoked meanwhile) signs the page out. */
export function signingOutOn401(client: ApiClient, onSignedOut: () => void): ApiClient {
  const wrapped = Object.entries(client).map(([name, method]) => [
    name,
    (...args: unknown[]) =>
      (method as (...args: unknown[]) => Promise<unknown>)(...args).catch((error: unknown) => {
        if (error instanceof ApiError && error.signedOut) onSignedOut();
        throw error;
      }),
  ]);
  return Object.fromEntries(wrapped) as ApiClient;
}
