import type { LinkLookup } from './link-index.js';

// Position by code for a content's whole structure (a million links and more), in flat typed
// arrays: the codes' UTF-8 bytes one after another, and an open-addressing table of entry numbers
// keyed by an FNV-1a hash of those bytes. A `Map` of a million strings took ≈ 0.8 s to build and
// left a million entries for the collector; a cold read hands over each chunk's codes as the bytes
// it stored them in, so indexing them makes no string at all (docs/benchmarks.md, "The cold commit").
// Append-only, like the structure it indexes.
// - Adding only records the code; the table is built at the first lookup after, at its full size,
//   so a cold read of 2,000 chunks hashes each code once and never rehashes.
// - Linear probing without deletion finds the entry added first, so a code added twice keeps its
//   first position without a lookup per add.
const EMPTY = 0;
const SEPARATOR = 0x0a;
const encoder = new TextEncoder();

export class CodeIndex implements LinkLookup {
  /** Every code's UTF-8 bytes, each followed by a newline: entry e is `bytes[starts[e], starts[e + 1] − 1)`. */
  private bytes = new Uint8Array(4096);
  private starts = new Int32Array(257);
  private positions = new Int32Array(256);
  private hashes = new Int32Array(256);
  private entries = 0;
  /** Entry number + 1 per slot (0: empty); kept at most half full. */
  private slots = new Int32Array(0);
  /** Entries placed in `slots`; the rest wait for the next lookup. */
  private placed = 0;

  /** How many codes it holds. */
  get size(): number {
    return this.entries;
  }

  /** Records `code` at `position` (a code already indexed keeps its first position). */
  add(code: string, position: number): void {
    const bytes = encoder.encode(code);
    this.addCodes(bytes, Int32Array.of(0, bytes.length + 1), position);
  }

  /**
   * Records the codes of `text` — UTF-8, joined by newlines, code i from `starts[i]` to
   * `starts[i + 1] − 1` — at positions from `firstPosition` on, as one copy of the bytes.
   */
  addCodes(text: Uint8Array, starts: Int32Array, firstPosition: number): void {
    const count = starts.length - 1;
    this.reserve(count, text.length + 1);
    const base = this.starts[this.entries] as number;
    this.bytes.set(text, base);
    this.bytes[base + text.length] = SEPARATOR;
    for (let i = 0; i < count; i++) {
      this.positions[this.entries + i] = firstPosition + i;
      this.starts[this.entries + i + 1] = base + (starts[i + 1] as number);
    }
    this.entries += count;
  }

  get(code: string): number | undefined {
    if (this.placed < this.entries) this.placePending();
    if (this.placed === 0) return undefined;
    const bytes = encoder.encode(code);
    const hash = hashOf(bytes, 0, bytes.length);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.slots[slot] as number;
      if (stored === EMPTY) return undefined;
      if (this.hashes[stored - 1] === hash && this.holds(stored - 1, bytes)) return this.positions[stored - 1];
    }
  }

  private holds(entry: number, code: Uint8Array): boolean {
    const start = this.starts[entry] as number;
    if ((this.starts[entry + 1] as number) - 1 - start !== code.length) return false;
    for (let i = 0; i < code.length; i++) if (this.bytes[start + i] !== code[i]) return false;
    return true;
  }

  private reserve(entries: number, bytes: number) {
    const used = this.starts[this.entries] as number;
    if (used + bytes > this.bytes.length) this.bytes = grown(this.bytes, used + bytes);
    if (this.entries + entries >= this.positions.length) {
      this.positions = grown(this.positions, this.entries + entries + 1);
      this.hashes = grown(this.hashes, this.entries + entries + 1);
      this.starts = grown(this.starts, this.entries + entries + 2);
    }
  }

  private placePending() {
    const needed = 2 * this.entries;
    if (this.slots.length < needed) {
      this.slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(needed, 1024))));
      for (let entry = 0; entry < this.placed; entry++) this.place(entry);
    }
    for (let entry = this.placed; entry < this.entries; entry++) {
      this.hashes[entry] = hashOf(this.bytes, this.starts[entry] as number, (this.starts[entry + 1] as number) - 1);
      this.place(entry);
    }
    this.placed = this.entries;
  }

  private place(entry: number) {
    const mask = this.slots.length - 1;
    let slot = (this.hashes[entry] as number) & mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }
}

// A copy at least `size` long, doubling, so that appends stay amortised O(1).
function grown<T extends Uint8Array | Int32Array>(values: T, size: number): T {
  let length = values.length * 2;
  while (length < size) length *= 2;
  const next = new (values.constructor as new (length: number) => T)(length);
  next.set(values);
  return next;
}

/** 32-bit FNV-1a over bytes `from` to `to`. */
function hashOf(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash | 0;
}
