import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ApiClient, ApiError } from '../../../../web/dashboard/api/client.js';
import type { CascadePage } from '../../../../web/dashboard/api/types.js';
import { CascadeView } from '../../../../web/dashboard/cascade/cascade-view.js';
import { TreePage } from '../../../../web/dashboard/cascade/tree-page.js';
import { DashboardContext } from '../../../../web/dashboard/context.js';
import { forestOf, page, recordingContext } from './fixtures.js';

const host = document.createElement('div');
document.body.append(host);
let drawing: ReturnType<typeof recordingContext>;

beforeEach(() => {
  drawing = recordingContext();
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation((() => drawing.context) as never);
  vi.spyOn(performance, 'mark');
  history.replaceState(null, '', '/app/contents/cnt_1/tree');
});
afterEach(() => {
  render(null, host);
  vi.restoreAllMocks();
});

type Cascade = ApiClient['cascade'];
const getContent = async (id: string) => ({ id, title: 'Spring sale', url: 'https://shop.example.com/spring' });
const config = { appBase: '/app', apiBase: '/api', sharedContentId: null };

async function show(cascade: Cascade, root?: string, readOnly = false) {
  await act(() =>
    render(
      <DashboardContext.Provider value={{ client: { cascade, getContent } as unknown as ApiClient, config, readOnly }}>
        <TreePage contentId="cnt_1" root={root} />
      </DashboardContext.Provider>,
      host,
    ),
  );
  await settle();
}

/** Lets pending answers, renders and one animation frame run. */
async function settle() {
  for (let round = 0; round < 3; round++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await new Promise((resolve) => requestAnimationFrame(resolve));
    });
  }
}

const canvas = () => host.querySelector<HTMLCanvasElement>('[data-testid="cascade-canvas"]');
const buttonNamed = (name: string) =>
  [...host.querySelectorAll('button')].find((button) => button.textContent === name || button.getAttribute('aria-label') === name);
const pointer = (type: string, x: number, y: number) =>
  act(() => void canvas()?.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, button: 0, bubbles: true })));
const firstNode = () => (canvas()?.getAttribute('data-first-node') ?? '').split(',').map(Number) as [number, number];

const tree = forestOf([
  ['a', null, { channel: 'email', clicks: 12, uniqueVisitors: 9, sharer: 'alice' }],
  ['b', null, { channel: 'x' }],
  ['a1', 'a', { channel: 'x' }],
  ['a2', 'a', { channel: 'email' }],
  ['a11', 'a1', { channel: 'email' }],
]);

describe('the cascade view', () => {
  it('loads every page (5,000 at a time, following nextCursor), then draws the forest once', async () => {
    const cascade = vi.fn(async (_id: string, query: { cursor?: string } = {}) =>
      query.cursor === undefined ? page(tree.slice(0, 3), '3') : page(tree.slice(3), null),
    );
    await show(cascade as Cascade);

    expect(cascade.mock.calls).toEqual([
      ['cnt_1', { limit: 5000 }],
      ['cnt_1', { limit: 5000, cursor: '3' }],
    ]);
    const drawn = canvas();
    expect(drawn?.getAttribute('data-node-count')).toBe('5');
    expect(drawn?.getAttribute('data-drawn')).toBe('true');
    expect(drawn?.getAttribute('role')).toBe('img');
    expect(drawn?.getAttribute('aria-label')).toBe('Cascade of 5 links, 2 trees, deepest generation 2');
    expect(firstNode().every(Number.isFinite)).toBe(true);
    expect(vi.mocked(performance.mark).mock.calls.filter(([name]) => name === 'ripple:tree-drawn')).toHaveLength(1);
    expect(drawing.calls.filter((call) => call[0] === 'lineTo')).toHaveLength(3);
  });

  it('shows how many links have loaded while pages are still coming', async () => {
    let finish: (value: CascadePage) => void = () => undefined;
    const cascade = vi.fn((_id: string, query: { cursor?: string } = {}) =>
      query.cursor === undefined ? Promise.resolve(page(tree.slice(0, 3), '3')) : new Promise<CascadePage>((resolve) => (finish = resolve)),
    );
    await show(cascade as Cascade);

    expect(host.querySelector('[role=status]')?.textContent).toContain('Loaded 3 of … links');
    expect(host.querySelector('progress')).not.toBeNull();
    expect(canvas()).toBeNull();
    finish(page(tree.slice(3), null));
    await settle();
    expect(canvas()?.getAttribute('data-node-count')).toBe('5');
  });

  it('keeps what loaded when a page fails with a 503, and Retry goes on from that page', async () => {
    let fail = true;
    const cascade = vi.fn(async (_id: string, query: { cursor?: string } = {}) => {
      if (query.cursor === undefined) return page(tree.slice(0, 3), '3');
      if (fail) throw new ApiError(503, 'unavailable', 'Ripple is briefly unavailable.');
      return page(tree.slice(3), null);
    });
    await show(cascade as Cascade);

    const banner = host.querySelector('[role=alert]');
    expect(banner?.textContent).toContain('Ripple is briefly unavailable. It is worth trying again in a moment.');
    expect(host.textContent).toContain('Loaded 3 links before the error');
    fail = false;
    await act(() => buttonNamed('Retry')?.click());
    await settle();

    expect(cascade.mock.calls.map(([, query]) => query?.cursor)).toEqual([undefined, '3', '3']);
    expect(host.querySelector('[role=alert]')).toBeNull();
    expect(canvas()?.getAttribute('data-node-count')).toBe('5');
  });

  it('names the content it came from by its title on the way back', async () => {
    await show(async () => ({ contentId: 'cnt_1', computedAt: null, eventsThrough: null, nodes: [], nextCursor: null }));
    expect(host.querySelector('p.muted a')?.textContent).toBe('← Spring sale');
  });

  it('says how to start a cascade when there is none', async () => {
    await show((async () => page([], null)) as Cascade);
    expect(host.textContent).toContain('No links yet: mint a seed link from the content page');
    expect(host.querySelector('a[href="/app/contents/cnt_1"]')).not.toBeNull();
    expect(canvas()).toBeNull();
  });

  it('shows a link on hover, its panel on click, and its own tree from there', async () => {
    await show((async () => page(tree, null)) as Cascade);
    const [x, y] = firstNode();

    await pointer('pointermove', x + 2, y);
    const tooltip = host.querySelector('[role=tooltip]');
    expect(tooltip?.textContent).toContain('alice');
    expect(tooltip?.textContent).toContain('Clicks12');
    expect(tooltip?.textContent).toContain('Unique visitors9');
    expect(tooltip?.textContent).toContain('Links made from it2');
    expect((tooltip as HTMLElement).style.left).toBe(`${x + 12}px`);

    await pointer('pointermove', x + 200, y + 200);
    expect(host.querySelector('[role=tooltip]')).toBeNull();

    await pointer('pointerdown', x, y);
    await pointer('pointerup', x, y);
    const panel = host.querySelector('aside');
    expect(panel?.textContent).toContain(`${location.origin}/api/a`);
    expect(panel?.querySelector('button[aria-label^="Copy link"]')).not.toBeNull();
    expect(buttonNamed('Show whole forest')).toBeUndefined();
    await act(() => buttonNamed('Show only this tree')?.click());
    expect(location.pathname + location.search).toBe('/app/contents/cnt_1/tree?root=a');
  });

  it('asks for one tree with ?root=, offers the whole forest back, and pans by dragging', async () => {
    const cascade = vi.fn(async () =>
      page(
        tree.filter((node) => node.code.startsWith('a')),
        null,
      ),
    );
    await show(cascade as Cascade, 'a');

    expect(cascade).toHaveBeenCalledWith('cnt_1', { root: 'a', limit: 5000 });
    expect(host.textContent).toContain('Showing the tree of link a.');
    // A picked root is drawn at the canvas's centre (800 × 560 without a layout engine).
    expect(firstNode()).toEqual([400, 280]);
    await pointer('pointerdown', 100, 100);
    await pointer('pointermove', 150, 130);
    await settle();
    expect(firstNode()).toEqual([450, 310]);
    await act(() => buttonNamed('Show whole forest')?.click());
    expect(location.pathname + location.search).toBe('/app/contents/cnt_1/tree');
  });

  it('zooms about the pointer with the wheel, about the centre with the buttons and keys, and fits again', async () => {
    await show((async () => page(tree, null)) as Cascade);
    const fitted = firstNode();
    const surface = canvas() as HTMLCanvasElement;

    // happy-dom's WheelEvent is no MouseEvent (a browser's is): the pointer's place is added.
    const [px, py] = [fitted[0] + 100, fitted[1] + 50];
    const wheel = new WheelEvent('wheel', { deltaY: -300, cancelable: true });
    Object.defineProperties(wheel, { clientX: { value: px }, clientY: { value: py } });
    await act(() => void surface.dispatchEvent(wheel));
    await settle();
    // Zoomed by e^0.6 about the pointer: the point under it stays put, the others move away from it.
    const factor = Math.exp(0.6);
    expect(firstNode()[0]).toBeCloseTo(px - 100 * factor, 0);
    expect(firstNode()[1]).toBeCloseTo(py - 50 * factor, 0);
    expect(wheel.defaultPrevented).toBe(true);

    const wheeled = firstNode();
    await act(() => buttonNamed('Zoom out')?.click());
    await act(() => buttonNamed('Zoom out')?.click());
    await settle();
    // Twice 1/1.5 about the centre of the 800 × 560 canvas.
    const zoomedOut = firstNode();
    expect(zoomedOut[0]).toBeCloseTo(400 + (wheeled[0] - 400) / 2.25, 0);
    expect(zoomedOut[1]).toBeCloseTo(280 + (wheeled[1] - 280) / 2.25, 0);
    await act(() => void surface.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', cancelable: true })));
    await settle();
    expect(firstNode()).toEqual([zoomedOut[0] + 48, zoomedOut[1]]);

    await act(() => buttonNamed('Fit')?.click());
    await settle();
    expect(firstNode()).toEqual(fitted);
  });

  it('lists the top sharers by descendants, and a code opens that link', async () => {
    await show((async () => page(tree, null)) as Cascade);
    const table = host.querySelector('table');
    const rows = [...(table?.querySelectorAll('tbody tr') ?? [])].map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent));

    expect([...(table?.querySelectorAll('th') ?? [])].map((cell) => cell.textContent)).toEqual([
      'Sharer',
      'Link code',
      'Channel',
      'Generation',
      'Descendants',
      'Clicks',
      'Unique visitors',
    ]);
    expect(rows[0]).toEqual(['alice', 'a', 'email', '0', '3', '12', '9']);
    expect(rows[1]?.slice(1, 5)).toEqual(['a1', 'x', '1', '1']);
    await act(() => (table?.querySelector('button[aria-label="Show link a1 in the tree"]') as HTMLButtonElement | null)?.click());
    expect(host.querySelector('aside')?.getAttribute('aria-label')).toBe('Link a1');
  });

  it('redraws on a new layout or colouring, and drops a hover the new layout moved', async () => {
    await show((async () => page(tree, null)) as Cascade);
    const before = firstNode();
    await pointer('pointermove', ...before);
    expect(host.querySelector('[role=tooltip]')).not.toBeNull();
    const layout = host.querySelector<HTMLSelectElement>('select[aria-label="Layout"]') as HTMLSelectElement;
    expect([...layout.options].map((option) => option.value)).toEqual(['tidy', 'radial']);
    layout.value = 'radial';
    await act(() => void layout.dispatchEvent(new Event('change', { bubbles: true })));
    await settle();
    expect(firstNode()).not.toEqual(before);
    expect(host.querySelector('[role=tooltip]')).toBeNull();
    expect(canvas()?.getAttribute('data-node-count')).toBe('5');

    const colourBy = host.querySelector<HTMLSelectElement>('select[aria-label="Colour by"]') as HTMLSelectElement;
    colourBy.value = 'generation';
    await act(() => void colourBy.dispatchEvent(new Event('change', { bubbles: true })));
    await settle();
    expect([...host.querySelectorAll('.cascade-legend li')].map((item) => item.textContent)).toEqual(['generation 0', 'generation 1', 'generation 2']);
  });

  it('picks a tree in place on a read-only share page (no navigation)', async () => {
    const cascade = vi.fn(async (_id: string, query: { root?: string } = {}) =>
      page(query.root ? tree.filter((node) => node.code.startsWith('a')) : tree, null),
    );
    await act(() =>
      render(
        <DashboardContext.Provider value={{ client: { cascade } as unknown as ApiClient, config, readOnly: true }}>
          <CascadeView contentId="cnt_1" />
        </DashboardContext.Provider>,
        host,
      ),
    );
    await settle();
    const [x, y] = firstNode();
    await pointer('pointerdown', x, y);
    await pointer('pointerup', x, y);
    await act(() => buttonNamed('Show only this tree')?.click());
    await settle();

    expect(location.pathname).toBe('/app/contents/cnt_1/tree');
    expect(cascade).toHaveBeenLastCalledWith('cnt_1', { root: 'a', limit: 5000 });
    expect(canvas()?.getAttribute('data-node-count')).toBe('4');
  });

  it('says a root that is not in this content is not found, with the whole forest a click away', async () => {
    await show(
      (async () => {
        throw new ApiError(404, 'not_found', 'No aggregated link with this code in this content');
      }) as Cascade,
      'nope',
    );
    expect(host.querySelector('.banner-error')?.textContent).toContain('No aggregated link with this code in this content');
    expect(buttonNamed('Show whole forest')).toBeDefined();
  });
});
