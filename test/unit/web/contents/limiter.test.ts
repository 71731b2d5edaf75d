import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../../../web/dashboard/contents/limiter.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createLimiter', () => {
  it('runs at most max tasks at once, in order, and drops queued ones on clear', async () => {
    const limiter = createLimiter(2);
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const results = [0, 1, 2, 3].map((n) =>
      limiter.run(() => {
        started.push(n);
        return new Promise<number>((resolve) => finish.push(() => resolve(n)));
      }),
    );
    await tick();
    expect(started).toEqual([0, 1]);
    finish[0]?.();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    limiter.clear();
    finish[1]?.();
    finish[2]?.();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    expect(await Promise.all(results.slice(0, 3))).toEqual([0, 1, 2]);
  });

  it('passes a failure to its caller and goes on', async () => {
    const limiter = createLimiter(1);
    const failed = limiter.run(() => Promise.reject(new Error('boom')));
    const next = limiter.run(async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
