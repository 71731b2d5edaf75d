import type { LinkLookup } from './link-index.js';

// Position by code for a content's whole structure (a million links and more), in flat typed
// arrays: an open-addressing table of entry numbers keyed by an FNV-1a hash of the code. A `Map`
// of a million strings took ≈ 0.8 s to build and left a million entries for the collector
// (docs/benchmarks.md, "The cold commit"). Append-only, like the structure it indexes.
// - Adding only records the code; the table is built at the first lookup after, at its full size,
//   so a cold read of 2,000 chunks hashes each code once and never rehashes.
// - Linear probing without deletion finds the entry added first, so a code added twice keeps its
//   first position without a lookup per add.
const EMPTY = 0;

export class CodeIndex implements LinkLookup {
  private readonly codes: string[] = [];
  private positions = new Int32Array(256);
  private hashes = new Int32Array(256);
  /** Entry number + 1 per slot (0: empty); kept at most half full. */
  private slots = new Int32Array(0);
  /** Entries placed in `slots`; the rest wait for the next lookup. */
  private placed = 0;

  /** How many codes it holds. */
  get size(): number {
    return this.codes.length;
  }

  /** Records `code` at `position` (a code already indexed keeps its first position). */
  add(code: string, position: number): void {
    const entry = this.codes.length;
    if (entry === this.positions.length) {
      this.positions = doubled(this.positions);
      this.hashes = doubled(this.hashes);
    }
    this.codes.push(code);
    this.positions[entry] = position;
  }

  get(code: string): number | undefined {
    if (this.placed < this.codes.length) this.placePending();
    if (this.placed === 0) return undefined;
    const hash = hashOf(code);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.slots[slot] as number;
      if (stored === EMPTY) return undefined;
      if (this.hashes[stored - 1] === hash && this.codes[stored - 1] === code) return this.positions[stored - 1];
    }
  }

  private placePending() {
    const needed = 2 * this.codes.length;
    if (this.slots.length < needed) {
      this.slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(needed, 1024))));
      for (let entry = 0; entry < this.placed; entry++) this.place(entry);
    }
    for (let entry = this.placed; entry < this.codes.length; entry++) {
      this.hashes[entry] = hashOf(this.codes[entry] as string);
      this.place(entry);
    }
    this.placed = this.codes.length;
  }

  private place(entry: number) {
    const mask = this.slots.length - 1;
    let slot = (this.hashes[entry] as number) & mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }
}

function doubled(values: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(values.length * 2);
  next.set(values);
  return next;
}

/** 32-bit FNV-1a over the code's UTF-16 units. */
function hashOf(code: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < code.length; i++) hash = Math.imul(hash ^ code.charCodeAt(i), 0x01000193);
  return hash | 0;
}
