import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SLOTS, type PartSlots, slotAt, withSlot } from '../../../shared/store/part-slots.js';

// Positions are feed positions; any strings that sort will do here.
const P = (n: number) => `p${String(n).padStart(4, '0')}`;
const written = (part: ReturnType<typeof withSlot<number>>) => {
  if (typeof part === 'string') throw new Error(`expected a part, got ${part}`);
  return part;
};

describe('a part read as of a position', () => {
  it('is absent when there is no item, or the position is before the part was first written', () => {
    const part = written(withSlot<number>(undefined, P(0), { p: P(5), v: 1 }));

    expect(slotAt(undefined, P(9))).toEqual({ kind: 'absent' });
    expect(slotAt(part, P(4))).toEqual({ kind: 'absent' });
  });

  it('is the newest slot at or before the position', () => {
    const first = written(withSlot<number>(undefined, P(0), { p: P(5), v: 1 }));
    const second = written(withSlot(first, P(5), { p: P(9), v: 2 }));

    expect(slotAt(second, P(5))).toEqual({ kind: 'value', slot: { p: P(5), v: 1 } });
    expect(slotAt(second, P(8))).toEqual({ kind: 'value', slot: { p: P(5), v: 1 } });
    expect(slotAt(second, P(9))).toEqual({ kind: 'value', slot: { p: P(9), v: 2 } });
  });

  it('is stale when the slot it needs was dropped by newer writes (the reader must read its head again)', () => {
    let part = written(withSlot<number>(undefined, P(0), { p: P(1), v: 1 }));
    part = written(withSlot(part, P(1), { p: P(2), v: 2 }));
    part = written(withSlot(part, P(2), { p: P(3), v: 3 }));

    expect(part.slots.map((slot) => slot.p)).toEqual([P(2), P(3)]);
    expect(slotAt(part, P(1))).toEqual({ kind: 'stale' });
  });
});

describe('writing a slot over a base position', () => {
  it('keeps the base slot and every newer slot (another run’s commit may be in flight)', () => {
    let part = written(withSlot<number>(undefined, P(0), { p: P(1), v: 1 }));
    part = written(withSlot(part, P(1), { p: P(7), v: 70 })); // a run that has not committed (yet)

    const next = written(withSlot(part, P(1), { p: P(4), v: 40 }));

    expect(next.slots).toEqual([
      { p: P(1), v: 1 },
      { p: P(4), v: 40 },
      { p: P(7), v: 70 },
    ]);
    expect(slotAt(next, P(4))).toEqual({ kind: 'value', slot: { p: P(4), v: 40 } });
    expect(slotAt(next, P(7))).toEqual({ kind: 'value', slot: { p: P(7), v: 70 } });
  });

  it('replaces a slot for the same position (a rerun of the same step)', () => {
    const part = written(withSlot<number>(undefined, P(0), { p: P(3), v: 1 }));

    expect(written(withSlot(part, P(0), { p: P(3), v: 1 })).slots).toEqual([{ p: P(3), v: 1 }]);
  });

  it('refuses a base whose state is gone; past the slot limit drops the oldest slots past the base', () => {
    let part = written(withSlot<number>(undefined, P(0), { p: P(1), v: 1 }));
    part = written(withSlot(part, P(1), { p: P(2), v: 2 }));
    part = written(withSlot(part, P(2), { p: P(3), v: 3 }));
    expect(withSlot(part, P(1), { p: P(9), v: 9 })).toBe('stale');

    // A crash loop: every run writes past the same base and never commits.
    let crowded = written(withSlot<number>(undefined, P(0), { p: P(1), v: 1 }));
    for (let n = 2; n <= MAX_SLOTS + 3; n++) crowded = written(withSlot(crowded, P(1), { p: P(n), v: n }));
    expect(crowded.slots).toHaveLength(MAX_SLOTS);
    expect(crowded.slots[0]).toEqual({ p: P(1), v: 1 });
    expect(crowded.slots.at(-1)).toEqual({ p: P(MAX_SLOTS + 3), v: MAX_SLOTS + 3 });
  });

  it('bumps the revision every write, and lowers `since` to the lowest position ever written', () => {
    const first = written(withSlot<number>(undefined, P(0), { p: P(5), v: 1 }));
    const earlier = written(withSlot(first, P(0), { p: P(3), v: 1 }));

    expect([first.rev, earlier.rev]).toEqual([1, 2]);
    expect(earlier.since).toBe(P(3));
  });

  it('answers every committed position with its own value, whatever uncommitted writes interleave', () => {
    // A chain of commits at increasing positions, each written over the previous commit, with
    // writes of runs that never commit (at positions past their base) interleaved at random.
    fc.assert(
      fc.property(fc.array(fc.record({ step: fc.integer({ min: 1, max: 5 }), abandoned: fc.boolean() }), { minLength: 1, maxLength: 30 }), (plan) => {
        let part: PartSlots<number> | undefined;
        let committed = 0;
        let next = 0;
        for (const { step, abandoned } of plan) {
          next += step;
          const written_ = withSlot(part, P(committed), { p: P(next), v: next });
          if (typeof written_ === 'string') throw new Error(`a write over a committed base was refused: ${written_}`);
          part = written_;
          if (!abandoned) committed = next;
          // The head is at `committed`: a reader there sees exactly the committed value.
          const read = slotAt(part, P(committed));
          if (committed === 0) expect(read.kind).toBe('absent');
          else expect(read).toEqual({ kind: 'value', slot: { p: P(committed), v: committed } });
        }
        return true;
      }),
    );
  });
});
