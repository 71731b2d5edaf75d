import { describe, expect, it, vi } from 'vitest';
import type { Content } from '../../../shared/domain/content.js';
import type { Link } from '../../../shared/domain/link.js';
import { makeCachedLookups } from '../../../shared/store/lookup-cache.js';
import { aContent, aLink } from '../domain/fixtures.js';

// lru-cache reads the injected clock at most once per real millisecond (ttlResolution), so after
// moving the hand clock a test lets one real millisecond pass before the next lookup.
const realTick = () => new Promise((resolve) => setTimeout(resolve, 3));

function setup(options: { maxAgeSeconds?: number; maxEntries?: number; links?: Record<string, Link | null> } = {}) {
  let clock = 1_000_000; // lru-cache treats a start time of 0 as "never expires"
  const known: Record<string, Link | null> = options.links ?? { Code000001: aLink({ code: 'Code000001' }) };
  const links = { get: vi.fn(async (code: string) => known[code] ?? null) };
  const contents = {
    get: vi.fn(
      async (workspaceId: string, contentId: string): Promise<Content | null> => (workspaceId === 'ws_one' ? aContent({ id: contentId, workspaceId }) : null),
    ),
  };
  const lookups = makeCachedLookups(
    { links, contents },
    { maxAgeSeconds: options.maxAgeSeconds ?? 30, maxEntries: options.maxEntries ?? 100, now: () => clock },
  );
  const advance = async (ms: number) => {
    clock += ms;
    await realTick();
  };
  return { lookups, links, contents, advance, known };
}

describe('cached link lookups', () => {
  it('serve the second lookup from memory', async () => {
    const { lookups, links } = setup();
    const first = await lookups.link('Code000001');
    const second = await lookups.link('Code000001');
    expect(second).toEqual(first);
    expect(first?.code).toBe('Code000001');
    expect(links.get).toHaveBeenCalledTimes(1);
  });

  it('re-read an entry once it is older than maxAge, picking up a change', async () => {
    const { lookups, links, advance, known } = setup({ maxAgeSeconds: 30 });
    await lookups.link('Code000001');
    known.Code000001 = aLink({ code: 'Code000001', sharer: 'changed' });
    await advance(29_000);
    expect((await lookups.link('Code000001'))?.sharer).toBeNull();
    await advance(1_500);
    expect((await lookups.link('Code000001'))?.sharer).toBe('changed');
    expect(links.get).toHaveBeenCalledTimes(2);
  });

  it('remember an unknown code for at most 5 s, so a new code starts working quickly', async () => {
    const { lookups, links, advance, known } = setup({ maxAgeSeconds: 60 });
    expect(await lookups.link('NewCode001')).toBeNull();
    expect(await lookups.link('NewCode001')).toBeNull();
    expect(links.get).toHaveBeenCalledTimes(1);
    known.NewCode001 = aLink({ code: 'NewCode001' });
    await advance(5_100);
    expect((await lookups.link('NewCode001'))?.code).toBe('NewCode001');
    expect(links.get).toHaveBeenCalledTimes(2);
  });

  it('keep a negative entry no longer than maxAge when maxAge is under 5 s', async () => {
    const { lookups, links, advance } = setup({ maxAgeSeconds: 2 });
    await lookups.link('NewCode001');
    await advance(2_100);
    await lookups.link('NewCode001');
    expect(links.get).toHaveBeenCalledTimes(2);
  });

  it('are bounded by maxEntries, evicting the least recently used', async () => {
    const codes = ['CodeAAAAAA', 'CodeBBBBBB', 'CodeCCCCCC'];
    const { lookups, links } = setup({ maxEntries: 2, links: Object.fromEntries(codes.map((c) => [c, aLink({ code: c })])) });
    await lookups.link('CodeAAAAAA');
    await lookups.link('CodeBBBBBB');
    await lookups.link('CodeAAAAAA'); // A is now the most recently used
    await lookups.link('CodeCCCCCC'); // evicts B
    links.get.mockClear();
    await lookups.link('CodeAAAAAA');
    await lookups.link('CodeCCCCCC');
    expect(links.get).not.toHaveBeenCalled();
    await lookups.link('CodeBBBBBB');
    expect(links.get).toHaveBeenCalledWith('CodeBBBBBB');
    expect(links.get).toHaveBeenCalledTimes(1);
  });

  it('never let unknown codes evict known links, however many a crawler tries', async () => {
    const { lookups, links } = setup({ maxEntries: 10 });
    await lookups.link('Code000001');

    for (let index = 0; index < 50; index++) await lookups.link(`Unknown${String(index).padStart(3, '0')}`);
    await lookups.link('Code000001');

    expect(links.get.mock.calls.filter(([code]) => code === 'Code000001')).toHaveLength(1);
  });

  it('share one store read between concurrent misses for the same key', async () => {
    const { lookups, links } = setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    links.get.mockImplementation(async (code: string) => {
      await gate;
      return aLink({ code });
    });
    const pending = Array.from({ length: 10 }, () => lookups.link('Code000001'));
    release();
    const results = await Promise.all(pending);
    expect(results.every((link) => link?.code === 'Code000001')).toBe(true);
    expect(links.get).toHaveBeenCalledTimes(1);
  });

  it('do not cache a failed read: the next lookup tries the store again', async () => {
    const { lookups, links } = setup();
    links.get.mockRejectedValueOnce(new Error('throttled'));
    await expect(lookups.link('Code000001')).rejects.toThrow('throttled');
    expect((await lookups.link('Code000001'))?.code).toBe('Code000001');
    expect(links.get).toHaveBeenCalledTimes(2);
  });

  it('are disabled by maxAgeSeconds 0: every lookup reads the store', async () => {
    const { lookups, links } = setup({ maxAgeSeconds: 0 });
    await lookups.link('Code000001');
    await lookups.link('Code000001');
    await lookups.link('Unknown001');
    await lookups.link('Unknown001');
    expect(links.get).toHaveBeenCalledTimes(4);
  });
});

describe('cached content lookups', () => {
  it('cache per workspace and content, passing both to the store', async () => {
    const { lookups, contents } = setup();
    const a = await lookups.content('ws_one', 'cnt_a');
    await lookups.content('ws_one', 'cnt_a');
    const b = await lookups.content('ws_one', 'cnt_b');
    expect(a?.id).toBe('cnt_a');
    expect(b?.id).toBe('cnt_b');
    expect(contents.get.mock.calls).toEqual([
      ['ws_one', 'cnt_a'],
      ['ws_one', 'cnt_b'],
    ]);
  });

  it('keep workspaces apart: the same content id in another workspace is its own entry', async () => {
    const { lookups, contents } = setup();
    expect(await lookups.content('ws_one', 'cnt_a')).not.toBeNull();
    expect(await lookups.content('ws_two', 'cnt_a')).toBeNull();
    expect(contents.get).toHaveBeenCalledTimes(2);
  });

  it('see a deactivation once the entry is older than maxAge', async () => {
    const { lookups, contents, advance } = setup({ maxAgeSeconds: 60 });
    expect((await lookups.content('ws_one', 'cnt_a'))?.active).toBe(true);
    contents.get.mockResolvedValue(aContent({ id: 'cnt_a', active: false }));
    await advance(60_001);
    expect((await lookups.content('ws_one', 'cnt_a'))?.active).toBe(false);
  });
});
