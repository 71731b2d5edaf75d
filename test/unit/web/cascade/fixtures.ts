import type { CascadeNode, CascadePage } from '../../../../web/dashboard/api/types.js';

/** A cascade node as the API sends it; `children` filled in by `forestOf`. */
export const link = (code: string, parent: string | null, extra: Partial<CascadeNode> = {}): CascadeNode => ({
  code,
  parent,
  generation: 0,
  sharer: `sharer-${code}`,
  channel: null,
  createdAt: '2026-05-01T10:00:00.000Z',
  clicks: 0,
  uniqueVisitors: 0,
  children: [],
  ...extra,
});

/** Nodes from [code, parent] pairs, with generations and children filled as the API would. */
export function forestOf(pairs: [string, string | null, Partial<CascadeNode>?][]): CascadeNode[] {
  const nodes = pairs.map(([code, parent, extra]) => link(code, parent, extra));
  const byCode = new Map(nodes.map((node) => [node.code, node]));
  for (const node of nodes) {
    const above = node.parent === null ? undefined : byCode.get(node.parent);
    if (above) above.children.push(node.code);
    if (above && !pairs.find(([code]) => code === node.code)?.[2]?.generation) node.generation = above.generation + 1;
  }
  return nodes;
}

/** A single path `length` links deep: c0 → c1 → … */
export function chain(length: number): CascadeNode[] {
  return Array.from({ length }, (_, at) => link(`c${at}`, at === 0 ? null : `c${at - 1}`, { generation: at, children: at + 1 < length ? [`c${at + 1}`] : [] }));
}

export const page = (nodes: CascadeNode[], nextCursor: string | null, computedAt = '2026-05-01T12:00:00.000Z'): CascadePage => ({
  contentId: 'cnt_1',
  computedAt,
  eventsThrough: computedAt,
  nodes,
  nextCursor,
});

/** A 2D context that records what is drawn: method calls and the styles set. */
export function recordingContext(): { context: CanvasRenderingContext2D; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const state: Record<string | symbol, unknown> = {};
  const context = new Proxy(state, {
    get: (target, name) => (name in target ? target[name] : (...args: unknown[]) => void calls.push([name, ...args])),
    set: (target, name, value) => {
      target[name] = value;
      calls.push([`set ${String(name)}`, value]);
      return true;
    },
  });
  return { context: context as unknown as CanvasRenderingContext2D, calls };
}

// a ─┬─ a1 ── a11        b ── b1
//    └─ a2
/** Two small trees: the forest the layout and forest tests share. */
export const twoTrees = (): CascadeNode[] =>
  forestOf([
    ['a', null],
    ['b', null],
    ['a1', 'a'],
    ['a2', 'a'],
    ['b1', 'b'],
    ['a11', 'a1'],
  ]);
