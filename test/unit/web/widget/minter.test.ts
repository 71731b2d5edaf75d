import { describe, expect, it, vi } from 'vitest';
import type { ChildMemory, SharedLink } from '../../../../web/widget/child-memory.js';
import { makeMinter, type MintState } from '../../../../web/widget/minter.js';

const API = 'https://ripple.example';
const PARENT = 'Parent1234';
const child = { code: 'Ch1ldC0de9', shortUrl: `${API}/Ch1ldC0de9` };
const parentLink = { code: PARENT, shortUrl: `${API}/${PARENT}` };

const answer = (status: number, body: unknown = { ...child, parent: PARENT, generation: 1 }) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function minterWith(fetch: typeof globalThis.fetch, remembered: SharedLink | null = null) {
  const kept: SharedLink[] = [];
  const memory: ChildMemory = { recall: () => remembered, remember: (link) => void kept.push(link) };
  const states: MintState['kind'][] = [];
  const minter = makeMinter({ api: API, parent: PARENT, memory, fetch, onChange: (state) => states.push(state.kind) });
  return { minter, kept, states };
}

describe("minting the visitor's link", () => {
  it('asks nothing until started', () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const { minter } = minterWith(fetch);
    expect(minter.state).toEqual({ kind: 'idle' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it("re-shares the parent once with Ripple's cookie and no channel, however often it is started", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => answer(201));
    const { minter, kept, states } = minterWith(fetch);

    const first = minter.start();
    const second = minter.start();
    expect(minter.state).toEqual({ kind: 'minting' });
    expect(await first).toEqual({ kind: 'ready', link: child, fallback: false });
    await second;
    await minter.start();

    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe(`${API}/v1/links/${PARENT}/reshare`);
    expect(init).toMatchObject({ method: 'POST', credentials: 'include', body: '{}' });
    expect(kept).toEqual([child]);
    expect(states).toEqual(['minting', 'ready']);
  });

  it("takes the visitor's existing child (200) as it takes a new one (201)", async () => {
    const { minter } = minterWith(async () => answer(200));
    expect(await minter.start()).toEqual({ kind: 'ready', link: child, fallback: false });
  });

  it('reuses a remembered child without a request', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const { minter, states } = minterWith(fetch, child);
    minter.start();
    expect(minter.state).toEqual({ kind: 'ready', link: child, fallback: false });
    expect(states).toEqual(['ready']);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("falls back to the parent's link on a 429, a 5xx, a network error or an answer that is not a link", async () => {
    const failures: (typeof globalThis.fetch)[] = [
      async () => answer(429, { error: { code: 'rate_limited' } }),
      async () => answer(503, { error: { code: 'unavailable' } }),
      async () => Promise.reject(new TypeError('Failed to fetch')),
      async () => answer(201, { code: 'x' }),
      async () => new Response('<html>', { status: 200 }),
    ];
    for (const fetch of failures) {
      const { minter, kept } = minterWith(fetch);
      expect(await minter.start()).toEqual({ kind: 'ready', link: parentLink, fallback: true });
      expect(kept).toEqual([]);
    }
  });

  it('keeps its state when the view it tells throws', async () => {
    const minter = makeMinter({
      api: API,
      parent: PARENT,
      memory: { recall: () => null, remember: () => undefined },
      fetch: async () => answer(201),
      onChange: () => {
        throw new Error('view broke');
      },
    });
    await expect(minter.start()).resolves.toEqual({ kind: 'ready', link: child, fallback: false });
  });
});
