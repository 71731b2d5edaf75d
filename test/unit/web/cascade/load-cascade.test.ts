import { describe, expect, it, vi } from 'vitest';
import { type CascadeLoad, loadPages, startLoad } from '../../../../web/dashboard/cascade/load-cascade.js';
import { link, page } from './fixtures.js';

const pages = {
  first: page([link('a', null), link('b', null)], '2'),
  second: page([link('a1', 'a'), link('b1', 'b')], '4'),
  last: page([link('a11', 'a1')], null),
};
const byCursor = (cursor: string | undefined) => (cursor === undefined ? pages.first : cursor === '2' ? pages.second : pages.last);

describe('loading the cascade', () => {
  it('follows nextCursor until it is null, reporting the count after each page', async () => {
    const fetchPage = vi.fn(async (cursor: string | undefined) => byCursor(cursor));
    const progress: number[] = [];
    const load = await loadPages(fetchPage, startLoad(), (state) => progress.push(state.nodes.length));

    expect(fetchPage.mock.calls.map(([cursor]) => cursor)).toEqual([undefined, '2', '4']);
    expect(progress).toEqual([2, 4, 5]);
    expect(load.nodes.map((node) => node.code)).toEqual(['a', 'b', 'a1', 'b1', 'a11']);
    expect(load).toMatchObject({ pages: 3, cursor: null, computedAt: pages.first.computedAt });
  });

  it('goes on from where a failed load stopped, keeping what loaded', async () => {
    const fetchPage = vi.fn(async (cursor: string | undefined) => {
      if (cursor === '2' && fetchPage.mock.calls.length === 2) throw new Error('lost');
      return byCursor(cursor);
    });
    let reached: CascadeLoad = startLoad();
    await expect(loadPages(fetchPage, startLoad(), (state) => (reached = state))).rejects.toThrow('lost');
    expect(reached).toMatchObject({ pages: 1, cursor: '2' });

    const load = await loadPages(fetchPage, reached, () => undefined);
    expect(fetchPage.mock.calls.map(([cursor]) => cursor)).toEqual([undefined, '2', '2', '4']);
    expect(load.nodes).toHaveLength(5);
  });

  it('starts over when the aggregation moved on between pages (pages are positions in one order)', async () => {
    let newer = false;
    const fetchPage = vi.fn(async (cursor: string | undefined) => {
      if (cursor === '2' && !newer) {
        newer = true;
        return page([link('zz', null)], '4', '2026-05-01T12:05:00.000Z');
      }
      return newer ? { ...byCursor(cursor), computedAt: '2026-05-01T12:05:00.000Z' } : byCursor(cursor);
    });
    const load = await loadPages(fetchPage, startLoad(), () => undefined);

    expect(fetchPage.mock.calls.map(([cursor]) => cursor)).toEqual([undefined, '2', undefined, '2', '4']);
    expect(load.nodes.map((node) => node.code)).toEqual(['a', 'b', 'a1', 'b1', 'a11']);
    expect(load).toMatchObject({ restarts: 1, computedAt: '2026-05-01T12:05:00.000Z' });
  });

  it('gives up starting over after two restarts and finishes the load (the forest keeps each link once)', async () => {
    let calls = 0;
    const fetchPage = async (cursor: string | undefined) => ({ ...byCursor(cursor), computedAt: `t${calls++}` });
    const load = await loadPages(fetchPage, startLoad(), () => undefined);
    expect(load.restarts).toBe(2);
    expect(load.cursor).toBeNull();
  });

  it('stops as soon as it is superseded (another content or root was opened)', async () => {
    let current = true;
    const fetchPage = vi.fn(async (cursor: string | undefined) => {
      current = false;
      return byCursor(cursor);
    });
    const load = await loadPages(
      fetchPage,
      startLoad(),
      () => undefined,
      () => current,
    );
    expect(fetchPage).toHaveBeenCalledOnce();
    expect(load.pages).toBe(0);
  });
});
