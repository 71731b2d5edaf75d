// The workspace API key the dashboard signs in with. It stays in this browser: in sessionStorage
// (gone when the tab closes) unless "remember me" moves it to localStorage.
const STORAGE_KEY = 'ripple.apiKey';

export interface KeyStores {
  session: Storage;
  local: Storage;
}

const browserStores = (): KeyStores => ({ session: sessionStorage, local: localStorage });

export function storedKey(stores: KeyStores = browserStores()): string | null {
  return stores.session.getItem(STORAGE_KEY) ?? stores.local.getItem(STORAGE_KEY);
}

export function rememberKey(key: string, remember: boolean, stores: KeyStores = browserStores()): void {
  forgetKey(stores);
  (remember ? stores.local : stores.session).setItem(STORAGE_KEY, key);
}

export function forgetKey(stores: KeyStores = browserStores()): void {
  stores.session.removeItem(STORAGE_KEY);
  stores.local.removeItem(STORAGE_KEY);
}

/**
 * The key of a sign-in link (`/app#key=…`, as `npm start` prints): the fragment never reaches a
 * server, and it is removed from the address bar (and history) as soon as it is read.
 */
export function takeKeyFromFragment(location: Location = window.location, history: History = window.history): string | null {
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (key === null) return null;
  history.replaceState(history.state, '', location.pathname + location.search);
  return key.trim() || null;
}
