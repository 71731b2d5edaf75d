import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forEachLimit } from '../../shared/concurrency.js';
import { deferred } from './aggregation/fixtures.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('forEachLimit', () => {
  it('never has more than `limit` items in flight, and processes every item once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.nat(3), { maxLength: 30 }),
        async (count, limit, delays) => {
          let inFlight = 0;
          let most = 0;
          const seen: number[] = [];
          const items = Array.from({ length: count }, (_, i) => i);

          await forEachLimit(items, limit, async (item) => {
            inFlight++;
            most = Math.max(most, inFlight);
            for (let i = 0; i < (delays[item] ?? 0); i++) await Promise.resolve();
            seen.push(item);
            inFlight--;
          });

          expect(most).toBeLessThanOrEqual(limit);
          expect(seen.sort((a, b) => a - b)).toEqual(items);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('uses up to `limit` items in flight at once when it has them', async () => {
    const gates = Array.from({ length: 5 }, () => deferred());
    const started: number[] = [];
    const done = forEachLimit([0, 1, 2, 3, 4], 3, async (item) => {
      started.push(item);
      await gates[item]?.promise;
    });

    await tick();
    expect(started).toEqual([0, 1, 2]);

    gates[1]?.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2, 3]);

    gates.forEach((gate) => gate.resolve());
    await done;
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('accepts any iterable, such as a Map’s values', async () => {
    const seen: string[] = [];
    await forEachLimit(
      new Map([
        ['a', 'x'],
        ['b', 'y'],
      ]).values(),
      2,
      async (value) => {
        seen.push(value);
      },
    );

    expect(seen.sort()).toEqual(['x', 'y']);
  });

  it('resolves at once for no items', async () => {
    let calls = 0;
    await forEachLimit([], 4, async () => {
      calls++;
    });

    expect(calls).toBe(0);
  });

  it('rejects with the first failure and starts no new item after it', async () => {
    const gates = Array.from({ length: 6 }, () => deferred());
    const started: number[] = [];
    const done = forEachLimit([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      await gates[item]?.promise;
    });
    const outcome = done.then(
      () => 'resolved',
      (error: unknown) => error,
    );

    await tick();
    const first = new Error('item 1 failed');
    gates[1]?.reject(first);
    await tick();
    gates[0]?.reject(new Error('item 0 failed later'));
    await tick();

    expect(await outcome).toBe(first);
    expect(started).toEqual([0, 1]);
  });

  it('lets the items already in flight finish, starting none after a failure', async () => {
    const gates = Array.from({ length: 4 }, () => deferred());
    const started: number[] = [];
    const finished: number[] = [];
    const done = forEachLimit([0, 1, 2, 3], 2, async (item) => {
      started.push(item);
      await gates[item]?.promise;
      finished.push(item);
    });
    done.catch(() => undefined);

    await tick();
    gates[0]?.reject(new Error('boom'));
    await tick();
    gates[1]?.resolve();
    await tick();

    await expect(done).rejects.toThrow('boom');
    expect(finished).toEqual([1]);
    expect(started).toEqual([0, 1]);
  });

  it('rejects only once the items in flight have settled: a slow item that finishes after another failed has finished first', async () => {
    const slow = deferred();
    const events: string[] = [];
    const done = forEachLimit([0, 1, 2, 3], 2, async (item) => {
      events.push(`start ${item}`);
      if (item === 0) {
        await slow.promise;
        events.push('slow item finished');
      } else {
        throw new Error(`item ${item} failed`);
      }
    });
    const outcome = done.then(
      () => events.push('resolved'),
      (error: unknown) => events.push(`rejected: ${(error as Error).message}`),
    );

    await tick();
    await tick();
    expect(events).toEqual(['start 0', 'start 1']); // item 1 failed: no new item, and no rejection while 0 runs

    slow.resolve();
    await outcome;
    expect(events).toEqual(['start 0', 'start 1', 'slow item finished', 'rejected: item 1 failed']);
  });

  it('rejects with the first failure even when an item in flight fails after it', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const done = forEachLimit([0, 1, 2], 3, async (item) => {
      await gates[item]?.promise;
    });
    done.catch(() => undefined);

    await tick();
    const first = new Error('first');
    gates[2]?.reject(first);
    await tick();
    gates[0]?.reject(new Error('second'));
    gates[1]?.resolve();

    await expect(done).rejects.toBe(first);
  });

  it('clamps a limit below 1 to one item at a time, still processing every item', async () => {
    for (const limit of [0, -3, 0.5]) {
      let inFlight = 0;
      let most = 0;
      const seen: number[] = [];

      await forEachLimit([0, 1, 2, 3], limit, async (item) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await tick();
        seen.push(item);
        inFlight--;
      });

      expect(most).toBe(1);
      expect(seen).toEqual([0, 1, 2, 3]);
    }
  });

  it('rounds a fractional limit down', async () => {
    const gates = Array.from({ length: 4 }, () => deferred());
    const started: number[] = [];
    const done = forEachLimit([0, 1, 2, 3], 2.9, async (item) => {
      started.push(item);
      await gates[item]?.promise;
    });

    await tick();
    expect(started).toEqual([0, 1]);

    gates.forEach((gate) => gate.resolve());
    await done;
  });
});
