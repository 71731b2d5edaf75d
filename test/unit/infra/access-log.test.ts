import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeAccessLog } from '../../../infra/local/access-log.js';

describe('the local access log', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the lines of one batch in one write, in order, once the batch time has passed', () => {
    const writes: string[] = [];
    const log = makeAccessLog((text) => writes.push(text), 50);
    log.line('GET /a 302 1ms');
    log.line('GET /b 302 2ms');
    vi.advanceTimersByTime(49);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toEqual(['GET /a 302 1ms\nGET /b 302 2ms\n']);
    log.line('GET /c 404 1ms');
    vi.advanceTimersByTime(50);
    expect(writes).toEqual(['GET /a 302 1ms\nGET /b 302 2ms\n', 'GET /c 404 1ms\n']);
  });

  it('writes what is pending at once on flush, and nothing when nothing is', () => {
    const writes: string[] = [];
    const log = makeAccessLog((text) => writes.push(text), 50);
    log.flush();
    log.line('GET /a 302 1ms');
    log.flush();
    expect(writes).toEqual(['GET /a 302 1ms\n']);
    vi.advanceTimersByTime(100);
    expect(writes).toEqual(['GET /a 302 1ms\n']);
  });
});
