// A map keyed by a small record (a workspace and a content, a workspace and a visitor): the key is
// kept whole beside its value, so nothing is ever joined into a string and split back.
export class KeyedMap<K, V> {
  private readonly items = new Map<string, { key: K; value: V }>();

  constructor(private readonly identity: (key: K) => readonly string[]) {}

  private id(key: K): string {
    return JSON.stringify(this.identity(key));
  }

  get size(): number {
    return this.items.size;
  }

  get(key: K): V | undefined {
    return this.items.get(this.id(key))?.value;
  }

  has(key: K): boolean {
    return this.items.has(this.id(key));
  }

  set(key: K, value: V): this {
    this.items.set(this.id(key), { key, value });
    return this;
  }

  /** The value under `key`, made by `create` on first use. */
  upsert(key: K, create: () => V): V {
    const id = this.id(key);
    const found = this.items.get(id);
    if (found) return found.value;
    const value = create();
    this.items.set(id, { key, value });
    return value;
  }

  delete(key: K): boolean {
    return this.items.delete(this.id(key));
  }

  *entries(): IterableIterator<[K, V]> {
    for (const { key, value } of this.items.values()) yield [key, value];
  }

  keys(): K[] {
    return [...this.items.values()].map(({ key }) => key);
  }

  values(): V[] {
    return [...this.items.values()].map(({ value }) => value);
  }
}

export interface ContentRef {
  workspaceId: string;
  contentId: string;
}

export const contentMap = <V>() => new KeyedMap<ContentRef, V>((ref) => [ref.workspaceId, ref.contentId]);
