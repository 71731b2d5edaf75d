/** Where a link sits in a content's structure, by code. */
export interface LinkLookup {
  get(code: string): number | undefined;
}

// The index of a content's structure: a read-only base a process already holds (full chunks never
// change, so their index is built once and shared) and the links loaded or appended on top. A base
// entry past `baseSize` belongs to a later structure than this one and is not seen.
export class LinkIndex implements LinkLookup {
  private readonly own = new Map<string, number>();

  constructor(
    private readonly base: LinkLookup = new Map(),
    private readonly baseSize = 0,
  ) {}

  /** The index of `codes`, first occurrence first. */
  static of(codes: Iterable<{ code: string }>): LinkIndex {
    const index = new LinkIndex();
    let i = 0;
    for (const { code } of codes) {
      if (!index.has(code)) index.set(code, i);
      i++;
    }
    return index;
  }

  /** The index of `links`, its first `shared.size` from a shared index, the rest added on top. */
  static over(links: readonly { code: string }[], shared?: { index: LinkLookup; size: number }): LinkIndex {
    const index = new LinkIndex(shared?.index, shared?.size ?? 0);
    for (let i = shared?.size ?? 0; i < links.length; i++) index.set((links[i] as { code: string }).code, i);
    return index;
  }

  get(code: string): number | undefined {
    const shared = this.base.get(code);
    return shared !== undefined && shared < this.baseSize ? shared : this.own.get(code);
  }

  has(code: string): boolean {
    return this.get(code) !== undefined;
  }

  set(code: string, index: number) {
    this.own.set(code, index);
  }
}

/**
 * A link's parent's position in `links`: from the positions a warm process already knows, else
 * looked up by code (−1: a seed, or a parent not among the links).
 */
export function parentPosition(links: readonly { parent: string | null }[], index: LinkLookup, knownParents: readonly number[], position: number): number {
  const known = knownParents[position] ?? -1;
  const parent = links[position]?.parent ?? null;
  return known >= 0 || parent === null ? known : (index.get(parent) ?? -1);
}
