import { asSharedLink, type ChildMemory, type SharedLink } from './child-memory.js';

// The visitor's own link, minted on intent (the first press or focus of Share, never on page
// load, which would count visitors who never share in K: docs/metrics.md). One request at most
// per page view, however often Share is pressed; a child remembered from an earlier visit needs
// none. Any failure (429, network, a 5xx, a timeout) leaves the parent's link to share instead.

export type MintState = { kind: 'idle' } | { kind: 'minting' } | { kind: 'ready'; link: SharedLink; fallback: boolean };

export interface MinterDeps {
  /** Ripple's base URL (origin, plus a stage path on an API Gateway stage URL). */
  api: string;
  parent: string;
  memory: ChildMemory;
  fetch: typeof fetch;
  onChange(state: MintState): void;
}

export interface Minter {
  readonly state: MintState;
  /** Starts minting unless it has started; resolves to the ready state and never rejects. */
  start(): Promise<MintState>;
}

// A visitor waiting on "Preparing your link…" longer than this shares the parent's link instead.
export const MINT_TIMEOUT_MS = 8000;

export function makeMinter(deps: MinterDeps): Minter {
  let state: MintState = { kind: 'idle' };
  let started: Promise<MintState> | undefined;
  const moveTo = (next: MintState) => {
    state = next;
    try {
      deps.onChange(next);
    } catch {
      // The view's trouble is not the mint's: the state stays right for the next press.
    }
    return next;
  };
  const ready = (link: SharedLink | null): MintState =>
    link ? { kind: 'ready', link, fallback: false } : { kind: 'ready', link: { code: deps.parent, shortUrl: `${deps.api}/${deps.parent}` }, fallback: true };

  return {
    get state() {
      return state;
    },
    start() {
      if (started) return started;
      const remembered = deps.memory.recall();
      if (remembered) return (started = Promise.resolve(moveTo(ready(remembered))));
      moveTo({ kind: 'minting' });
      return (started = requestChild(deps).then((link) => {
        if (link) deps.memory.remember(link);
        return moveTo(ready(link));
      }));
    },
  };
}

// POST /v1/links/{parent}/reshare with Ripple's visitor cookie (credentials: 'include'), so the
// same visitor gets the same child back (200) rather than a new one (201). No channel in the body:
// the link serves every button, each marking its own (share-urls.ts).
async function requestChild({ api, parent, fetch }: MinterDeps): Promise<SharedLink | null> {
  try {
    const response = await fetch(`${api}/v1/links/${encodeURIComponent(parent)}/reshare`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: '{}',
      ...(typeof AbortSignal.timeout === 'function' ? { signal: AbortSignal.timeout(MINT_TIMEOUT_MS) } : {}),
    });
    return response.ok ? asSharedLink(await response.json()) : null;
  } catch {
    return null;
  }
}
