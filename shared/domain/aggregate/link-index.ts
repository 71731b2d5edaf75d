/** A run of links, by position: what an index reads (a Structure). */
export interface LinkCodes {
  readonly length: number;
  code(i: number): string;
}

/** What a link's parent position is worked out from (a Structure). */
export interface LinkParents {
  parent(i: number): string | null;
  storedParent(i: number): number;
}

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

  /** The index of the links' codes, first occurrence first. */
  static of(links: LinkCodes): LinkIndex {
    const index = new LinkIndex();
    for (let i = 0; i < links.length; i++) {
      const code = links.code(i);
      if (!index.has(code)) index.set(code, i);
    }
    return index;
  }

  /** The index of `links`, its first `shared.size` from a shared index, the rest added on top. */
  static over(links: LinkCodes, shared?: { index: LinkLookup; size: number }): LinkIndex {
    const index = new LinkIndex(shared?.index, shared?.size ?? 0);
    for (let i = shared?.size ?? 0; i < links.length; i++) index.set(links.code(i), i);
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
 * A link's parent's position in `links`: as stored with its chunk, or as a warm process already
 * knows it, else looked up by code (−1: a seed, or a parent not among the links).
 */
export function parentPosition(links: LinkParents, index: LinkLookup, position: number): number {
  const stored = links.storedParent(position);
  if (stored >= 0) return stored;
  const parent = links.parent(position);
  return parent === null ? -1 : (index.get(parent) ?? -1);
}
