import type { FeedPosition } from './activity.js';

// A part of a content's aggregate (a structure chunk, a link's tally, a day of series) is stored as
// a few slots, each "this part's state through feed position p". The state of a part through p is
// a function of the feed up to p (docs/data-model.md, "Parts"), so any run that writes a slot for
// p writes the same value; a reader at the head's position takes the newest slot at or before it.
// A writer keeps its base slot and every newer slot (another run's commit may be in flight), and
// drops only what is older than its base: a reader at an older head is stale and reads again.

export interface Slot<T> {
  p: FeedPosition;
  v: T;
}

export interface PartSlots<T> {
  /** The lowest position any slot was written for: before it the part did not exist. */
  since: FeedPosition;
  /** Bumped by every write: the optimistic condition of the next one. */
  rev: number;
  /** Ascending by position. */
  slots: Slot<T>[];
}

export type SlotRead<T> = { kind: 'value'; slot: Slot<T> } | { kind: 'absent' } | { kind: 'stale' };

/** Parts read as of a head: their value, or stale when a part has moved past the head (read the head again). */
export type PartsRead<T> = { ok: true; value: T } | { ok: false; reason: 'stale' };

// Slots past the base come from runs that crashed or lost (or, rarely, one in flight). Past this
// many, the oldest of them are dropped: a crash loop must not wedge the content.
export const MAX_SLOTS = 8;

/** The part as it was at `position`: its newest slot at or before it. */
export function slotAt<T>(part: PartSlots<T> | undefined, position: FeedPosition): SlotRead<T> {
  if (!part || position < part.since) return { kind: 'absent' };
  let found: Slot<T> | undefined;
  for (const slot of part.slots) if (slot.p <= position) found = slot;
  return found ? { kind: 'value', slot: found } : { kind: 'stale' };
}

/** The part after writing `next` on top of its state at `base`; `stale` when that state is gone. */
export function withSlot<T>(part: PartSlots<T> | undefined, base: FeedPosition, next: Slot<T>): PartSlots<T> | 'stale' {
  const read = slotAt(part, base);
  if (read.kind === 'stale') return 'stale';
  const kept = read.kind === 'value' ? [read.slot] : [];
  const newer = (part?.slots ?? []).filter((slot) => slot.p > base && slot.p !== next.p);
  const slots = [...kept, ...newer.slice(Math.max(0, kept.length + newer.length + 1 - MAX_SLOTS)), next].sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
  const since = part && part.since < next.p ? part.since : next.p;
  return { since, rev: (part?.rev ?? 0) + 1, slots };
}
